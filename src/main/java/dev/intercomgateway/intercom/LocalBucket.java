package dev.intercomgateway.intercom;

import java.time.Duration;
import java.time.Instant;

import io.github.bucket4j.Bucket;

/**
 * A token bucket matching Intercom's fixed windows: the full budget at the start of each window,
 * windows aligned on the epoch as Intercom's are, so no window ever sees more than the budget.
 */
public final class LocalBucket implements IntercomBudget.BucketSource {

    private final Bucket bucket;

    public LocalBucket(int budgetPerWindow, Duration window) {
        long windowMillis = window.toMillis();
        long now = System.currentTimeMillis();
        Instant nextWindow = Instant.ofEpochMilli(now - Math.floorMod(now, windowMillis) + windowMillis);
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(budgetPerWindow).refillIntervallyAligned(budgetPerWindow, window, nextWindow))
                .build();
    }

    @Override
    public Bucket bucket() {
        return bucket;
    }
}
