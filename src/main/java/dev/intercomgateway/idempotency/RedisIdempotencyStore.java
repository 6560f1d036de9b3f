package dev.intercomgateway.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Idempotency outcomes in Redis, so that a repeat reaching another replica is answered the same.
 * A key is claimed with SET NX for a short lease, renewed while the request runs, so that a replica
 * that dies mid-request frees its keys within a lease; the outcome is then kept for the ttl. A
 * duplicate that finds the key in progress polls until the first request completes or releases it.
 *
 * <p>When Redis cannot be reached the store fails closed: keyed writes are refused (503) instead of
 * being remembered in one replica's memory, where a repeat reaching another replica would run again.
 */
public class RedisIdempotencyStore implements IdempotencyStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisIdempotencyStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String PREFIX = "intercom-gateway:idempotency:";
    /** Extends the lease only while the key still holds this request's claim. */
    private static final RedisScript<Long> RENEW = RedisScript.of(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end", Long.class);

    /** What Redis holds per key: the request's fingerprint, the claim's owner and, once done, the response. */
    record Stored(String fingerprint, String owner, StoredResponse response) {
    }

    private final StringRedisTemplate redis;
    private final Duration ttl;
    private final Duration lease;
    private final Duration maxWait;
    private final Executor pollers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private final Map<String, ScheduledFuture<?>> leases = new ConcurrentHashMap<>();

    public RedisIdempotencyStore(StringRedisTemplate redis, Duration ttl, Duration lease, Duration maxWait) {
        this.redis = redis;
        this.ttl = ttl;
        this.lease = lease;
        this.maxWait = maxWait;
    }

    @Override
    public Entry claim(String key, String fingerprint) {
        try {
            String claim = JSON.writeValueAsString(new Stored(fingerprint, UUID.randomUUID().toString(), null));
            if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(PREFIX + key, claim, lease))) {
                renewWhileRunning(key, claim);
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
            throw new IdempotencyStoreUnavailableException("The shared store of Idempotency-Keys (Redis) is unreachable", redisDown);
        }
    }

    private void renewWhileRunning(String key, String claim) {
        long every = Math.max(100, lease.toMillis() / 3);
        leases.put(key, renewals.scheduleAtFixedRate(() -> {
            try {
                redis.execute(RENEW, List.of(PREFIX + key), claim, String.valueOf(lease.toMillis()));
            } catch (RuntimeException redisDown) {
                // the lease runs out on its own; the outcome is written when the request ends
            }
        }, every, every, TimeUnit.MILLISECONDS));
    }

    private void stopRenewing(String key) {
        ScheduledFuture<?> renewal = leases.remove(key);
        if (renewal != null) {
            renewal.cancel(false);
        }
    }

    @Override
    public void complete(String key, StoredResponse response) {
        stopRenewing(key);
        try {
            Stored claimed = read(key);
            String fingerprint = claimed == null ? null : claimed.fingerprint();
            redis.opsForValue().set(PREFIX + key, JSON.writeValueAsString(new Stored(fingerprint, null, response)), ttl);
        } catch (RuntimeException redisDown) {
            log.error("Could not store the outcome of an idempotent request in Redis ({}); a repeat after the lease would run again",
                    redisDown.toString());
        }
    }

    @Override
    public void release(String key) {
        stopRenewing(key);
        try {
            redis.delete(PREFIX + key);
        } catch (RuntimeException redisDown) {
            log.warn("Could not release an idempotency key in Redis ({}); its lease frees it", redisDown.toString());
        }
    }

    private Stored read(String key) {
        String value = redis.opsForValue().get(PREFIX + key);
        return value == null ? null : JSON.readValue(value, Stored.class);
    }

    /** Null when the first request released the key or its lease ran out: the caller then claims it anew. */
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

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
