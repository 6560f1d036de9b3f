package dev.intercomgateway.events;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The log as a Redis Stream shared by every replica. A notification id is claimed with SET NX (kept
 * for the retention) in the same script that adds the entry, so that the same notification reaching
 * two replicas at once is appended once. Each append also trims the stream to its length and age
 * (Redis's own clock, so that replicas' clocks need not agree) and notes the newest id trimmed.
 */
public class RedisEventLog implements EventLog {

    static final String STREAM = "intercom-gateway:events";
    static final String SEEN_PREFIX = "intercom-gateway:events:seen:";

    /** The newest id trimmed from the stream (absent while none was): every event after it is retained. */
    static final String TRIMMED = "intercom-gateway:events:trimmed";
    /** The newest id appended: read with {@link #TRIMMED} in one MGET, cheaper than XINFO (which returns two whole entries). */
    static final String LAST = "intercom-gateway:events:last";

    /**
     * KEYS: stream, seen key, trimmed key, last key. ARGV: retention ms, max length, topic, scopes, event. Returns
     * the id, or nil for a duplicate. Trims by length then age itself, to note the newest id trimmed
     * (XINFO's max-deleted-entry-id would tell, but only from Redis 7.0).
     */
    private static final RedisScript<String> APPEND = RedisScript.of("""
            if not redis.call('set', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
              return nil
            end
            local now = redis.call('time')
            local horizon = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[1])
            local id = redis.call('xadd', KEYS[1], '*', 'topic', ARGV[3], 'scopes', ARGV[4], 'event', ARGV[5])
            local cut = nil
            local over = redis.call('xlen', KEYS[1]) - tonumber(ARGV[2])
            if over > 0 and over <= 16 then
              local gone = redis.call('xrange', KEYS[1], '-', '+', 'COUNT', over)
              cut = gone[#gone][1]
              redis.call('xtrim', KEYS[1], 'MAXLEN', '=', ARGV[2])
            elseif over > 16 then
              -- max-length was lowered: not reading that many entries, note the id just before the new oldest
              redis.call('xtrim', KEYS[1], 'MAXLEN', '=', ARGV[2])
              local ms, seq = string.match(redis.call('xrange', KEYS[1], '-', '+', 'COUNT', 1)[1][1], '(%d+)-(%d+)')
              if tonumber(seq) > 0 then
                cut = ms .. '-' .. string.format('%d', tonumber(seq) - 1)
              else
                cut = string.format('%d', tonumber(ms) - 1) .. '-9223372036854775807'
              end
            end
            local old = redis.call('xrevrange', KEYS[1], '(' .. string.format('%d', horizon) .. '-0', '-', 'COUNT', 1)
            if #old > 0 then
              cut = old[1][1]
              redis.call('xtrim', KEYS[1], 'MINID', '=', string.format('%d', horizon) .. '-0')
            end
            if cut then
              redis.call('set', KEYS[3], cut)
            end
            redis.call('set', KEYS[4], id)
            return id
            """, String.class);

    private final StringRedisTemplate redis;
    private final Duration retention;
    private final long maxLength;

    public RedisEventLog(StringRedisTemplate redis, Duration retention, long maxLength) {
        this.redis = redis;
        this.retention = retention;
        this.maxLength = maxLength;
    }

    @Override
    public String append(NewEvent event) {
        try {
            return redis.execute(APPEND, List.of(STREAM, SEEN_PREFIX + event.notificationId(), TRIMMED, LAST), String.valueOf(retention.toMillis()),
                    String.valueOf(maxLength), event.topic(), String.join(" ", event.scopes()), event.cloudEvent());
        } catch (DataAccessException | IllegalStateException redisDown) {
            throw new EventLogUnavailableException("The event log's Redis is unreachable", redisDown);
        }
    }

    @Override
    public List<LoggedEvent> after(LogId after, int limit) {
        Range<String> range = after == null ? Range.unbounded() : Range.leftOpen(after.toString(), "+");
        return read(range, limit);
    }

    private List<LoggedEvent> read(Range<String> range, int limit) {
        try {
            List<MapRecord<String, Object, Object>> records = redis.opsForStream().range(STREAM, range, Limit.limit().count(limit));
            return records == null ? List.of() : records.stream().map(RedisEventLog::event).toList();
        } catch (DataAccessException | IllegalStateException redisDown) {
            throw new EventLogUnavailableException("The event log's Redis is unreachable", redisDown);
        }
    }

    private static LoggedEvent event(MapRecord<String, Object, Object> record) {
        Map<Object, Object> fields = record.getValue();
        String scopes = String.valueOf(fields.get("scopes"));
        Set<String> required = scopes.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
        return new LoggedEvent(record.getId().getValue(), String.valueOf(fields.get("topic")), required, String.valueOf(fields.get("event")));
    }

    @Override
    public boolean contains(LogId id) {
        return !read(Range.closed(id.toString(), id.toString()), 1).isEmpty();
    }

    /** One MGET: the newest id appended and the newest trimmed; falls back to XINFO for a stream appended before these keys. */
    @Override
    public boolean resumableAfter(LogId after) {
        List<String> marks = marks();
        if (marks.get(1) == null) {
            return EventLog.super.resumableAfter(after);
        }
        LogId last = LogId.parse(marks.get(1));
        LogId trimmed = marks.get(0) == null ? BEFORE_ANY : LogId.parse(marks.get(0));
        if (after.equals(BEFORE_ANY) && trimmed.equals(BEFORE_ANY)) {
            return true;
        }
        return after.compareTo(last) <= 0 && after.compareTo(trimmed) >= 0;
    }

    /** A round trip: once a second per subscriber, not per read. */
    @Override
    public long resumeCheckNanos() {
        return 1_000_000_000L;
    }

    @Override
    public LogId last() {
        String last = marks().get(1);
        return last == null ? window().last() : LogId.parse(last);
    }

    private List<String> marks() {
        try {
            List<String> marks = redis.opsForValue().multiGet(List.of(TRIMMED, LAST));
            return marks == null ? java.util.Arrays.asList(null, null) : marks;
        } catch (DataAccessException | IllegalStateException redisDown) {
            throw new EventLogUnavailableException("The event log's Redis is unreachable", redisDown);
        }
    }

    @Override
    public Window window() {
        try {
            if (!Boolean.TRUE.equals(redis.hasKey(STREAM))) {
                return new Window(null, null, 0, null);
            }
            StreamInfo.XInfoStream info = redis.opsForStream().info(STREAM);
            LogId oldest = info.streamLength() == 0 || info.firstEntryId() == null ? null : LogId.parse(info.firstEntryId());
            String trimmed = redis.opsForValue().get(TRIMMED);
            return new Window(oldest, LogId.parse(info.lastGeneratedId()), info.streamLength(),
                    trimmed == null ? new LogId(0, 0) : LogId.parse(trimmed));
        } catch (DataAccessException | IllegalStateException redisDown) {
            throw new EventLogUnavailableException("The event log's Redis is unreachable", redisDown);
        }
    }
}
