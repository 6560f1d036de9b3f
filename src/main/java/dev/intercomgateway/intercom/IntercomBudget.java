package dev.intercomgateway.intercom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Keeps the service inside Intercom's rate budget. Each call first takes a permit from a token
 * bucket sized to the budget per window; after each answer, Intercom's {@code X-RateLimit-*}
 * headers (the app's budget as a whole, shared with other replicas and clients) are read, and when
 * fewer calls than the reserve remain, new calls are held until Intercom's window resets. Nobody
 * waits longer than {@code max-wait}: past it the call is refused, with the time to retry after.
 */
public class IntercomBudget {

    private final BucketSource buckets;
    private final long windowMillis;
    private final long guardMillis;
    private final int reserve;
    private final Duration maxWait;
    private final Clock clock;
    private final AtomicLong holdUntilMillis = new AtomicLong();
    private final AtomicLong lastLimit = new AtomicLong(-1);
    private final AtomicLong lastRemaining = new AtomicLong(-1);
    private final Timer acquired;
    private final Timer refused;
    private final Counter throttled;
    private final Counter holds;

    /** The token bucket: a local one, or a shared one with a local fallback. */
    public interface BucketSource {

        /** Takes one permit, waiting at most {@code maxWait} for it; false if none came in time. */
        boolean tryConsume(Duration maxWait) throws InterruptedException;

        /** How long until a permit is likely to be free. */
        Duration untilNextPermit();

        /** The store in use now, such as {@code local} or {@code redis}. */
        default String store() {
            return "local";
        }

        /** True while a shared store is configured but unreachable and a local fallback serves. */
        default boolean degraded() {
            return false;
        }
    }

    /** What health and dashboards show of the budget. */
    public record Snapshot(String store, boolean degraded, long intercomLimit, long intercomRemaining) {
    }

    public Snapshot snapshot() {
        return new Snapshot(buckets.store(), buckets.degraded(), lastLimit.get(), lastRemaining.get());
    }

    /**
     * @param window Intercom's window; the bucket's windows are aligned on the epoch like Intercom's
     * @param guard no permits are handed out this close to a window's end, so that a call cannot
     *     take a permit of one window and reach Intercom in the next, whose budget is then already spoken for
     */
    public IntercomBudget(BucketSource buckets, Duration window, Duration guard, int reserve, Duration maxWait, Clock clock,
            MeterRegistry meters) {
        this.buckets = buckets;
        this.windowMillis = window.toMillis();
        this.guardMillis = guard.toMillis();
        this.reserve = reserve;
        this.maxWait = maxWait;
        this.clock = clock;
        this.acquired = Timer.builder("intercom.budget.wait").description("Time calls waited for a rate-budget permit")
                .tag("outcome", "acquired").register(meters);
        this.refused = Timer.builder("intercom.budget.wait").description("Time calls waited for a rate-budget permit")
                .tag("outcome", "refused").register(meters);
        this.throttled = Counter.builder("intercom.upstream.throttled")
                .description("429 answers received from Intercom (the number the budget exists to keep at zero)").register(meters);
        this.holds = Counter.builder("intercom.budget.holds")
                .description("Times new calls were held until Intercom's window reset because the reported remaining budget fell under the reserve")
                .register(meters);
        Gauge.builder("intercom.budget.remaining", lastRemaining, AtomicLong::get)
                .description("X-RateLimit-Remaining of Intercom's last answer (-1 before any)").register(meters);
        Gauge.builder("intercom.budget.limit", lastLimit, AtomicLong::get)
                .description("X-RateLimit-Limit of Intercom's last answer (-1 before any)").register(meters);
    }

    /**
     * Waits for a permit, at most {@code max-wait}.
     *
     * @throws IntercomRejectedException with reason BUDGET_EXHAUSTED when none comes in time
     */
    public void acquire() {
        long started = System.nanoTime();
        try {
            Duration hold = remainingHold();
            if (hold.compareTo(maxWait) > 0) {
                throw refuse(started, hold, "Intercom reports its rate budget nearly spent until its window resets");
            }
            Duration beforeBucket = hold.plus(untilOutOfGuard(clock.millis() + hold.toMillis()));
            if (beforeBucket.compareTo(maxWait) > 0) {
                throw refuse(started, beforeBucket, "No rate-budget permit within " + maxWait.toMillis() + " ms");
            }
            if (!beforeBucket.isZero()) {
                Thread.sleep(beforeBucket);
            }
            Duration left = maxWait.minus(beforeBucket);
            if (!buckets.tryConsume(left)) {
                throw refuse(started, buckets.untilNextPermit(), "No rate-budget permit within " + maxWait.toMillis() + " ms");
            }
            acquired.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refuse(started, Duration.ofSeconds(1), "Interrupted while waiting for a rate-budget permit");
        }
    }

    /** Reads the budget Intercom reported with an answer. */
    public void observe(IntercomRateLimit rateLimit) {
        if (rateLimit == null) {
            return;
        }
        if (rateLimit.limit() != null) {
            lastLimit.set(rateLimit.limit());
        }
        if (rateLimit.remaining() != null) {
            lastRemaining.set(rateLimit.remaining());
            if (rateLimit.remaining() <= reserve && rateLimit.reset() != null) {
                holdUntil(rateLimit.reset());
            }
        }
    }

    /** Intercom answered 429: nothing more until its window resets. */
    public void throttledByIntercom(IntercomRateLimit rateLimit) {
        throttled.increment();
        Instant reset = rateLimit == null ? null : rateLimit.reset();
        holdUntil(reset != null ? reset : clock.instant().plusSeconds(1));
        observe(rateLimit);
    }

    private void holdUntil(Instant reset) {
        long until = reset.toEpochMilli();
        long previous = holdUntilMillis.getAndAccumulate(until, Math::max);
        if (previous < until && previous <= clock.millis()) {
            holds.increment();
        }
    }

    private Duration untilOutOfGuard(long atMillis) {
        long intoWindow = Math.floorMod(atMillis, windowMillis);
        long guardStarts = windowMillis - guardMillis;
        return intoWindow >= guardStarts ? Duration.ofMillis(windowMillis - intoWindow) : Duration.ZERO;
    }

    private Duration remainingHold() {
        long wait = holdUntilMillis.get() - clock.millis();
        return wait > 0 ? Duration.ofMillis(wait) : Duration.ZERO;
    }

    private IntercomRejectedException refuse(long startedNanos, Duration retryAfter, String message) {
        refused.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        Duration atLeastASecond = retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
        return new IntercomRejectedException(IntercomRejectedException.Reason.BUDGET_EXHAUSTED, message, atLeastASecond, null);
    }
}
