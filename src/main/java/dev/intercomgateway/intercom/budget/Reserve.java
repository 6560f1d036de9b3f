package dev.intercomgateway.intercom.budget;

/**
 * The calls of Intercom's window the gateway leaves unspent, as a cushion for the other clients and
 * replicas that share the app's budget (Intercom's {@code X-RateLimit-Remaining} counts them all,
 * and the gateway learns of their calls only from its next answer): {@code percent} of the window's
 * limit as Intercom reports it ({@code X-RateLimit-Limit}), rounded up, and never fewer than
 * {@code least} calls. With the defaults (5 %, at least 1): 84 of Intercom's default 1,666 calls
 * per 10 s, 1 of a 20-call window.
 *
 * @param percent share of the reported limit held back, 0 to 50
 * @param least calls held back whatever the limit
 */
public record Reserve(int percent, int least) {

    public Reserve {
        if (percent < 0 || percent > 50 || least < 0) {
            throw new IllegalArgumentException("A reserve is 0 to 50 percent and at least 0 calls");
        }
    }

    /** A reserve of a fixed number of calls, whatever the window's size. */
    public static Reserve fixed(int calls) {
        return new Reserve(0, calls);
    }

    /** The calls held back of a window of {@code limit} calls. */
    public long of(long limit) {
        long bounded = Math.min(Math.max(0, limit), Integer.MAX_VALUE);
        return Math.max(least, Math.ceilDiv(bounded * percent, 100));
    }
}
