package dev.intercomgateway.intercom;

import java.time.Duration;

/**
 * The gateway refused to call Intercom, so nothing was sent: the rate budget has no permit within
 * the allowed wait ({@link Reason#BUDGET_EXHAUSTED}), the caller has spent its own limit of
 * Intercom calls ({@link Reason#CALLER_RATE_LIMITED}), the circuit breaker is open, too many
 * calls are already in flight, the caller already has its cap of calls in flight
 * ({@link Reason#CALLER_CONCURRENCY_CAP}), or no pooled connection came free in time
 * ({@link Reason#NO_FREE_CONNECTION}: the gateway's own saturation, never Intercom failing).
 */
public final class IntercomRejectedException extends IntercomException {

    public enum Reason { BUDGET_EXHAUSTED, CIRCUIT_OPEN, TOO_MANY_CONCURRENT_CALLS, CALLER_RATE_LIMITED, CALLER_CONCURRENCY_CAP, NO_FREE_CONNECTION }

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

    /**
     * True when the caller is over a limit (a 429: the shared budget's, its own rate limit, its own
     * concurrency cap), false when the gateway or Intercom is saturated or failing (a 503).
     */
    public boolean callersOwn() {
        return reason == Reason.BUDGET_EXHAUSTED || reason == Reason.CALLER_RATE_LIMITED || reason == Reason.CALLER_CONCURRENCY_CAP;
    }

    /** When a new attempt may succeed; at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
