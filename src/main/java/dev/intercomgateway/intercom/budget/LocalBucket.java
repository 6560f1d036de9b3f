package dev.intercomgateway.intercom.budget;

import java.time.Duration;
import java.time.Instant;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * A token bucket matching Intercom's fixed windows: the full budget at the start of each window,
 * windows aligned on the epoch as Intercom's are, so no window ever sees more than the budget.
 */
public final class LocalBucket implements IntercomBudget.BucketSource {

    private final Bucket bucket;
    private final Duration window;

    public LocalBucket(int budgetPerWindow, Duration window) {
        this.bucket = Bucket.builder().addLimit(alignedWindows(budgetPerWindow, window)).build();
        this.window = window;
    }

    @Override
    public void resize(long permitsPerWindow) {
        bucket.replaceConfiguration(configuration(permitsPerWindow, window), TokensInheritanceStrategy.AS_IS);
    }

    static BucketConfiguration configuration(long permitsPerWindow, Duration window) {
        return BucketConfiguration.builder().addLimit(alignedWindows(Math.toIntExact(Math.min(Integer.MAX_VALUE, permitsPerWindow)), window))
                .build();
    }

    /** The full budget at each window start, windows aligned on the epoch. */
    public static Bandwidth alignedWindows(int budgetPerWindow, Duration window) {
        long windowMillis = window.toMillis();
        long now = System.currentTimeMillis();
        Instant nextWindow = Instant.ofEpochMilli(now - Math.floorMod(now, windowMillis) + windowMillis);
        return Bandwidth.builder().capacity(budgetPerWindow).refillIntervallyAligned(budgetPerWindow, window, nextWindow).build();
    }

    @Override
    public boolean tryConsume(Duration maxWait) throws InterruptedException {
        // Bucket4j refuses a zero wait in its blocking API: no wait means a plain try.
        return maxWait.isPositive() ? bucket.asBlocking().tryConsume(1, maxWait) : bucket.tryConsume(1);
    }

    @Override
    public void debit(long permits) {
        bucket.consumeIgnoringRateLimits(permits);
    }

    @Override
    public void refund() {
        bucket.addTokens(1);
    }

    @Override
    public Duration untilNextPermit() {
        return Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }
}
