package dev.intercomgateway.idempotency;

import java.time.Duration;

/**
 * A keyed write is refused because its outcome could not be remembered: the caller's outcomes fill
 * its quota ({@code wholeStore} false: 429, the caller's own doing) or the replica's whole store is
 * full ({@code wholeStore} true: 503). Room comes back as stored outcomes reach their ttl.
 */
public class IdempotencyQuotaExceededException extends RuntimeException {

    private final boolean wholeStore;
    private final Duration retryAfter;

    public IdempotencyQuotaExceededException(String message, boolean wholeStore, Duration retryAfter) {
        super(message);
        this.wholeStore = wholeStore;
        this.retryAfter = retryAfter;
    }

    public boolean wholeStore() {
        return wholeStore;
    }

    /** When the oldest outcome in the way expires, at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
