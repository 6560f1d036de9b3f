package dev.intercomgateway.sandbox;

import java.time.Clock;
import java.time.Duration;

/** Intercom-style fixed windows: a number of calls per window, reported in the X-RateLimit-* headers. */
class SandboxRateLimiter {

    record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds) {
    }

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private long windowStart = -1;
    private int used;

    SandboxRateLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    synchronized Decision acquire() {
        long now = clock.millis();
        long start = now - Math.floorMod(now, windowMillis);
        if (start != windowStart) {
            windowStart = start;
            used = 0;
        }
        long reset = Math.ceilDiv(windowStart + windowMillis, 1000L);
        if (used >= limit) {
            return new Decision(false, limit, 0, reset);
        }
        used++;
        return new Decision(true, limit, limit - used, reset);
    }
}
