package dev.intercomgateway.intercom.budget;

import java.time.Duration;

import dev.intercomgateway.intercom.IntercomRejectedException;

/**
 * Each caller's own limit of Intercom calls, apart from the shared budget: one call of it is taken
 * for every call sent to Intercom for the caller (retries and each page of an export included), and
 * given back when the call is not sent after all.
 */
public interface CallerLimits {

    /** No caller has a limit. */
    CallerLimits NONE = (caller, maxWait) -> Charge.NOTHING;

    /**
     * Takes one call of {@code caller}'s limit, waiting at most {@code maxWait} for it.
     *
     * @throws IntercomRejectedException with reason CALLER_RATE_LIMITED when none comes in time
     */
    Charge take(String caller, Duration maxWait) throws InterruptedException;

    /** One call taken of a caller's limit. */
    interface Charge {

        Charge NOTHING = () -> {
        };

        /** The call was not sent: the caller has it back. */
        void refund();
    }
}
