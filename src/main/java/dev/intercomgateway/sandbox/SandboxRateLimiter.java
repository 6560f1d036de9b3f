package dev.intercomgateway.sandbox;

import java.time.Clock;
import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import dev.intercomgateway.intercom.budget.LocalBucket;

/**
 * Intercom-style fixed windows: a number of calls per window, reported in the X-RateLimit-* headers.
 * The same Bucket4j window as the gateway's budget (full at each window start, windows aligned on
 * the epoch), so there is one fixed-window implementation in the service.
 */
class SandboxRateLimiter {

    record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds) {
    }

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Bucket bucket;

    SandboxRateLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.bucket = Bucket.builder().addLimit(LocalBucket.alignedWindows(limit, window)).build();
    }

    Decision acquire() {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long now = clock.millis();
        long reset = Math.ceilDiv(now - Math.floorMod(now, windowMillis) + windowMillis, 1000L);
        return new Decision(probe.isConsumed(), limit, (int) probe.getRemainingTokens(), reset);
    }
}
