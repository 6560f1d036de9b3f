package dev.intercomgateway.intercom.cache;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One cache for every replica: per object a Redis hash of its variants
 * ({@code intercom-gateway:cache:<object>}), expiring after the TTL (entries hold personal data),
 * and its mark ({@code intercom-gateway:cache-mark:<object>}). Storing and invalidating are each one
 * script, so a store never lands between an invalidation's steps; an invalidation on any replica
 * is seen by all at once.
 */
final class RedisAnswerStore implements AnswerStore {

    private static final String PREFIX = "intercom-gateway:cache:";
    private static final String MARK_PREFIX = "intercom-gateway:cache-mark:";

    private static final RedisScript<Long> PUT = RedisScript.of("""
            local count = redis.call('HGET', KEYS[2], 'count') or '0'
            if count ~= ARGV[3] then return 0 end
            local announced = tonumber(redis.call('HGET', KEYS[2], 'updated_at') or '0')
            if tonumber(ARGV[4]) > 0 and tonumber(ARGV[4]) < announced then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """, Long.class);

    private static final RedisScript<Long> INVALIDATE = RedisScript.of("""
            redis.call('DEL', KEYS[1])
            local count = redis.call('HINCRBY', KEYS[2], 'count', 1)
            local announced = tonumber(redis.call('HGET', KEYS[2], 'updated_at') or '0')
            if tonumber(ARGV[1]) > announced then redis.call('HSET', KEYS[2], 'updated_at', ARGV[1]) end
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            return count
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Duration markTtl;

    RedisAnswerStore(StringRedisTemplate redis, Duration markTtl) {
        this.redis = redis;
        this.markTtl = markTtl;
    }

    @Override
    public Optional<CachedAnswer> get(CacheKey key) {
        Object value = redis.opsForHash().get(PREFIX + key.object(), key.variant());
        return value == null ? Optional.empty() : Optional.of(CachedAnswer.decode(Base64.getDecoder().decode((String) value)));
    }

    @Override
    public long mark(String object) {
        Object count = redis.opsForHash().get(MARK_PREFIX + object, "count");
        return count == null ? 0 : Long.parseLong((String) count);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedAnswer answer, long mark, long updatedAt, Duration ttl) {
        Long stored = redis.execute(PUT, List.of(PREFIX + key.object(), MARK_PREFIX + key.object()), key.variant(),
                Base64.getEncoder().encodeToString(answer.encode()), String.valueOf(mark), String.valueOf(updatedAt),
                String.valueOf(ttl.toMillis()));
        return stored != null && stored == 1;
    }

    @Override
    public void invalidate(String object, long updatedAt) {
        redis.execute(INVALIDATE, List.of(PREFIX + object, MARK_PREFIX + object), String.valueOf(updatedAt),
                String.valueOf(markTtl.toMillis()));
    }
}
