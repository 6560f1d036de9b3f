package dev.intercomgateway.intercom;

import java.time.Duration;

/**
 * The gateway refused to call Intercom, so nothing was sent: the rate budget has no permit within
 * the allowed wait ({@link Reason#BUDGET_EXHAUSTED}), the caller has spent its own limit of
 * Intercom calls ({@link Reason#CALLER_RATE_LIMITED}), the circuit breaker is open, or too many
 * calls are already in flight.
 */
public final class IntercomRejectedException extends IntercomException {

    public enum Reason { BUDGET_EXHAUSTED, CIRCUIT_OPEN, TOO_MANY_CONCURRENT_CALLS, CALLER_RATE_LIMITED }

    private final Reason reason;
    private final Duration retryAfter;

    public IntercomRejectedException(Reason reason, String message, Duration retryAfter, Throwable cause) {
        super(message, null, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** A rate limit (the shared budget's or the caller's own) refused the call: the caller is answered 429, else 503. */
    public boolean isRateLimit() {
        return reason == Reason.BUDGET_EXHAUSTED || reason == Reason.CALLER_RATE_LIMITED;
    }

    /** When a new attempt may succeed; at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
