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
 * (Redis's own clock, so that replicas' clocks need not agree). The newest id trimmed is XINFO's
 * max-deleted-entry-id (Redis 7.0+); before 7.0 an id older than the oldest retained is not resumable.
 * The script also notes the newest id of each kind of event ({@link #KINDS}), so that a filtered
 * subscriber whose kinds had no event after its id resumes even when other kinds' events were trimmed.
 */
public class RedisEventLog implements EventLog {

    static final String STREAM = "intercom-gateway:events";
    static final String SEEN_PREFIX = "intercom-gateway:events:seen:";

    /** The newest id appended: one GET, cheaper than XINFO (which returns two whole entries). */
    static final String LAST = "intercom-gateway:events:last";

    /**
     * The newest id appended of each kind of event (field: {@link EventLog#kind}); field {@code *} the
     * newest of a kind not recorded (past {@link EventLog#MAX_KINDS}, or appended before this hash existed).
     */
    static final String KINDS = "intercom-gateway:events:kinds";

    /**
     * KEYS: stream, seen key, last key, kinds key. ARGV: retention ms, max length, topic, scopes, event, kind, most kinds.
     * Returns the id, or nil for a duplicate.
     */
    private static final RedisScript<String> APPEND = RedisScript.of("""
            if not redis.call('set', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
              return nil
            end
            local now = redis.call('time')
            local horizon = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[1])
            if redis.call('exists', KEYS[4]) == 0 then
              redis.call('hset', KEYS[4], '*', redis.call('get', KEYS[3]) or '0-0')
            end
            local id = redis.call('xadd', KEYS[1], 'MAXLEN', '=', ARGV[2], '*', 'topic', ARGV[3], 'scopes', ARGV[4], 'event', ARGV[5])
            redis.call('xtrim', KEYS[1], 'MINID', '=', tostring(horizon) .. '-0')
            redis.call('set', KEYS[3], id)
            if redis.call('hexists', KEYS[4], ARGV[6]) == 1 or redis.call('hlen', KEYS[4]) <= tonumber(ARGV[7]) then
              redis.call('hset', KEYS[4], ARGV[6], id)
            else
              redis.call('hset', KEYS[4], '*', id)
            end
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
            return redis.execute(APPEND, List.of(STREAM, SEEN_PREFIX + event.notificationId(), LAST, KINDS),
                    String.valueOf(retention.toMillis()), String.valueOf(maxLength), event.topic(), String.join(" ", event.scopes()),
                    event.cloudEvent(), EventLog.kind(event.topic(), event.scopes()), String.valueOf(MAX_KINDS));
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

    /** The newest appended of each kind: what Redis trimmed is not known, so any of them may have been (one HGETALL). */
    @Override
    public Kinds kinds() {
        try {
            Map<Object, Object> fields = redis.opsForHash().entries(KINDS);
            Map<String, LogId> newest = new java.util.HashMap<>();
            LogId unknown = EventLog.BEFORE_ANY;
            for (Map.Entry<Object, Object> field : fields.entrySet()) {
                LogId id = LogId.parse(String.valueOf(field.getValue()));
                if ("*".equals(field.getKey())) {
                    unknown = id;
                } else {
                    newest.put(String.valueOf(field.getKey()), id);
                }
            }
            if (fields.isEmpty() && Boolean.TRUE.equals(redis.hasKey(STREAM))) {
                return null;
            }
            return new Kinds(newest, unknown);
        } catch (DataAccessException | IllegalStateException redisDown) {
            throw new EventLogUnavailableException("The event log's Redis is unreachable", redisDown);
        }
    }

    @Override
    public boolean contains(LogId id) {
        return !read(Range.closed(id.toString(), id.toString()), 1).isEmpty();
    }

    /** A round trip: once a second per subscriber, not per read. */
    @Override
    public long resumeCheckNanos() {
        return 1_000_000_000L;
    }

    @Override
    public LogId last() {
        try {
            String last = redis.opsForValue().get(LAST);
            return last == null ? window().last() : LogId.parse(last);
        } catch (DataAccessException | IllegalStateException redisDown) {
            throw new EventLogUnavailableException("The event log's Redis is unreachable", redisDown);
        }
    }

    /** XINFO STREAM's max-deleted-entry-id (Redis 7.0+; "0-0" when none was deleted), or null before 7.0. */
    private static LogId maxDeleted(StreamInfo.XInfoStream info) {
        Object raw = info.getRaw().get("max-deleted-entry-id");
        if (raw == null) {
            return null;
        }
        String text = raw instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(raw);
        try {
            return LogId.parse(text);
        } catch (IllegalArgumentException notAnId) {
            return null;
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
            return new Window(oldest, LogId.parse(info.lastGeneratedId()), info.streamLength(), maxDeleted(info));
        } catch (DataAccessException | IllegalStateException redisDown) {
            throw new EventLogUnavailableException("The event log's Redis is unreachable", redisDown);
        }
    }
}
