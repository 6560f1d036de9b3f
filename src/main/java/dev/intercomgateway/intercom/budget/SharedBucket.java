package dev.intercomgateway.intercom.budget;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget's token bucket kept in Redis, so that all replicas draw on one budget. When Redis
 * cannot be reached, each replica falls back to a local bucket holding its share (budget /
 * replicas) and tries Redis again after a pause: the service keeps serving, and health and
 * metrics say it is degraded.
 */
public final class SharedBucket implements IntercomBudget.BucketSource {

    private static final Logger log = LoggerFactory.getLogger(SharedBucket.class);
    private static final Duration RETRY_REDIS_AFTER = Duration.ofSeconds(5);

    private final Bucket shared;
    private final LocalBucket fallback;
    private final Duration window;
    private final int replicas;
    private final AtomicLong fallbackUntilMillis = new AtomicLong();

    public SharedBucket(RedisClient redis, String key, int budgetPerWindow, Duration window, int replicas) {
        var proxies = Bucket4jLettuce.casBasedBuilder(redis)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(window.multipliedBy(2)))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(LocalBucket.alignedWindows(budgetPerWindow, window))
                .build();
        this.shared = proxies.builder().build(key.getBytes(StandardCharsets.UTF_8), () -> configuration);
        this.fallback = new LocalBucket(Math.max(1, budgetPerWindow / replicas), window);
        this.window = window;
        this.replicas = replicas;
    }

    @Override
    public void resize(long permitsPerWindow) {
        fallback.resize(Math.max(1, permitsPerWindow / replicas));
        try {
            shared.replaceConfiguration(LocalBucket.configuration(permitsPerWindow, window), TokensInheritanceStrategy.AS_IS);
        } catch (RuntimeException redisFailure) {
            // the next answer reports the limit again
        }
    }

    @Override
    public boolean tryConsume(Duration maxWait) throws InterruptedException {
        if (!degraded()) {
            try {
                return maxWait.isPositive() ? shared.asBlocking().tryConsume(1, maxWait) : shared.tryConsume(1);
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException redisFailure) {
                if (fallbackUntilMillis.getAndSet(System.currentTimeMillis() + RETRY_REDIS_AFTER.toMillis()) == 0) {
                    log.warn("Redis holding the shared Intercom budget is unreachable ({}); using this replica's local share", redisFailure.toString());
                }
            }
        }
        return fallback.tryConsume(maxWait);
    }

    @Override
    public void debit(long permits) {
        if (!degraded()) {
            try {
                shared.consumeIgnoringRateLimits(permits);
                return;
            } catch (RuntimeException redisFailure) {
                // the local share pays instead
            }
        }
        fallback.debit(permits);
    }

    @Override
    public void refund() {
        if (!degraded()) {
            try {
                shared.addTokens(1);
            } catch (RuntimeException redisFailure) {
                // the permit is lost: one call fewer this window, never one more
            }
            return;
        }
        fallback.refund();
    }

    @Override
    public Duration untilNextPermit() {
        if (!degraded()) {
            try {
                return Duration.ofNanos(shared.estimateAbilityToConsume(1).getNanosToWaitForRefill());
            } catch (RuntimeException redisFailure) {
                // fall through to the local estimate
            }
        }
        return fallback.untilNextPermit();
    }

    @Override
    public String store() {
        return degraded() ? "local-fallback" : "redis";
    }

    @Override
    public boolean degraded() {
        long until = fallbackUntilMillis.get();
        if (until == 0) {
            return false;
        }
        if (System.currentTimeMillis() >= until) {
            if (fallbackUntilMillis.compareAndSet(until, 0)) {
                log.info("Trying Redis again for the shared Intercom budget");
            }
            return false;
        }
        return true;
    }
}
