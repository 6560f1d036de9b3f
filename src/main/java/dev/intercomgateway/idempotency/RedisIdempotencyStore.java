package dev.intercomgateway.idempotency;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Idempotency outcomes in Redis, so that a repeat reaching another replica is answered the same.
 * A key is claimed with SET NX; a duplicate that finds it in progress polls until the first
 * request completes or releases it. When Redis is unreachable, this replica's memory is used.
 */
public class RedisIdempotencyStore implements IdempotencyStore {

    private static final Logger log = LoggerFactory.getLogger(RedisIdempotencyStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String PREFIX = "intercom-gateway:idempotency:";

    /** What Redis holds per key: the request's fingerprint and, once done, the response. */
    record Stored(String fingerprint, StoredResponse response) {
    }

    private final StringRedisTemplate redis;
    private final Duration ttl;
    private final Duration maxWait;
    private final LocalIdempotencyStore fallback;
    private final Executor pollers = Executors.newVirtualThreadPerTaskExecutor();

    public RedisIdempotencyStore(StringRedisTemplate redis, Duration ttl, Duration maxWait, LocalIdempotencyStore fallback) {
        this.redis = redis;
        this.ttl = ttl;
        this.maxWait = maxWait;
        this.fallback = fallback;
    }

    @Override
    public Entry claim(String key, String fingerprint) {
        try {
            Boolean mine = redis.opsForValue().setIfAbsent(PREFIX + key, JSON.writeValueAsString(new Stored(fingerprint, null)), ttl);
            if (Boolean.TRUE.equals(mine)) {
                return null;
            }
            Stored existing = read(key);
            if (existing == null) {
                return claim(key, fingerprint);
            }
            return new Entry(existing.fingerprint(), existing.response() != null
                    ? CompletableFuture.completedFuture(existing.response())
                    : CompletableFuture.supplyAsync(() -> awaitCompletion(key), pollers));
        } catch (RuntimeException redisDown) {
            log.warn("Redis unreachable for idempotency keys ({}); using this replica's memory", redisDown.toString());
            return fallback.claim(key, fingerprint);
        }
    }

    @Override
    public void complete(String key, StoredResponse response) {
        fallback.complete(key, response);
        try {
            Stored claimed = read(key);
            String fingerprint = claimed == null ? null : claimed.fingerprint();
            redis.opsForValue().set(PREFIX + key, JSON.writeValueAsString(new Stored(fingerprint, response)), ttl);
        } catch (RuntimeException redisDown) {
            log.warn("Could not store the outcome of an idempotent request in Redis ({})", redisDown.toString());
        }
    }

    @Override
    public void release(String key) {
        fallback.release(key);
        try {
            redis.delete(PREFIX + key);
        } catch (RuntimeException redisDown) {
            log.warn("Could not release an idempotency key in Redis ({})", redisDown.toString());
        }
    }

    private Stored read(String key) {
        String value = redis.opsForValue().get(PREFIX + key);
        return value == null ? null : JSON.readValue(value, Stored.class);
    }

    /** Null when the first request released the key: the caller then claims it anew. */
    private StoredResponse awaitCompletion(String key) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (System.nanoTime() < deadline) {
            Stored stored = read(key);
            if (stored == null) {
                return null;
            }
            if (stored.response() != null) {
                return stored.response();
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        throw new IllegalStateException("still in progress");
    }
}
