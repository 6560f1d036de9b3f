package dev.intercomgateway.intercom.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.IntercomRejectedException;

/**
 * Keeps the service inside Intercom's rate budget. A call goes out with three things: one call of
 * its caller's own limit ({@link CallerLimits}), room under the remainder Intercom last reported
 * ({@code X-RateLimit-*}: the app's budget as a whole, shared with other replicas and clients) less
 * the calls in flight and a {@link Reserve}, and a permit of a token bucket sized to the budget per
 * window. Room and permit are handed out by {@link FairShare}, so that callers competing for them
 * get them by weight, not by arrival. When Intercom reports fewer remaining calls than the reserve,
 * new calls are held until its window resets. Nobody waits longer than {@code max-wait}: past it the
 * call is refused, with the time to retry after. A call that is not sent after all gives everything
 * back ({@link Permit#notSent()}).
 */
public class IntercomBudget {

    private final BucketSource buckets;
    private final long windowMillis;
    private final long guardMillis;
    private final Duration maxWait;
    private final Clock clock;
    private final ReportedBudget reported;
    private final FairShare fairShare;
    private final CallerLimits callerLimits;
    private final AtomicLong configuredBudget;
    private final AtomicLong holdUntilMillis = new AtomicLong();
    private final AtomicLong lastLimit = new AtomicLong(-1);
    private final AtomicLong lastRemaining = new AtomicLong(-1);
    private final AtomicLong owedWindow = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong owedPermits = new AtomicLong();
    private final ReentrantLock owing = new ReentrantLock();
    private final Timer acquired;
    private final Timer refused;
    private final Counter throttled;
    private final Counter holds;
    private final Counter unsent;

    /** The token bucket: a local one, or a shared one with a local fallback. */
    public interface BucketSource {

        /** Takes one permit, waiting at most {@code maxWait} for it; false if none came in time. */
        boolean tryConsume(Duration maxWait) throws InterruptedException;

        /**
         * Takes permits at once, into debt if need be: the next window's share of calls sent in the
         * last one's guard, which may reach Intercom after its window turned.
         */
        void debit(long permits);

        /** How long until a permit is likely to be free. */
        Duration untilNextPermit();

        /** Gives back a permit taken in the current window for a call that was not sent. */
        default void refund() {
        }

        /** Intercom reports a smaller window than configured: the bucket holds no more than it. */
        default void resize(long permitsPerWindow) {
        }

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
     * @param guard a call sent this close to a window's end may reach Intercom in the next window, so
     *     it takes a permit now and one more from the next window (nobody waits for the window to turn)
     */
    public IntercomBudget(BucketSource buckets, Duration window, Duration guard, int reserve, Duration maxWait, Clock clock,
            MeterRegistry meters) {
        this(buckets, Long.MAX_VALUE, window, guard, Reserve.fixed(reserve), maxWait, Duration.ofSeconds(60), Map.of(), CallerLimits.NONE,
                clock, meters);
    }

    /**
     * @param configuredBudget the configured permits per window; Intercom's reported limit lowers it, never raises it
     * @param maxResetWait the furthest a reported reset (or Retry-After) is believed to be
     * @param fairShareWeights callers' weights when they compete for permits (1 for a caller not named)
     */
    public IntercomBudget(BucketSource buckets, long configuredBudget, Duration window, Duration guard, int reserve, Duration maxWait,
            Duration maxResetWait, Map<String, Integer> fairShareWeights, Clock clock, MeterRegistry meters) {
        this(buckets, configuredBudget, window, guard, Reserve.fixed(reserve), maxWait, maxResetWait, fairShareWeights, CallerLimits.NONE,
                clock, meters);
    }

    /**
     * @param reserve the calls of Intercom's window left unspent
     * @param callerLimits each caller's own limit, charged one call per call sent
     */
    public IntercomBudget(BucketSource buckets, long configuredBudget, Duration window, Duration guard, Reserve reserve, Duration maxWait,
            Duration maxResetWait, Map<String, Integer> fairShareWeights, CallerLimits callerLimits, Clock clock, MeterRegistry meters) {
        this.buckets = buckets;
        this.fairShare = new FairShare(fairShareWeights, window, clock);
        this.callerLimits = callerLimits;
        this.configuredBudget = new AtomicLong(configuredBudget);
        this.reported = new ReportedBudget(reserve, configuredBudget, window, maxResetWait, clock, fairShare::wake);
        this.windowMillis = window.toMillis();
        this.guardMillis = guard.toMillis();
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
        this.unsent = Counter.builder("intercom.budget.unsent")
                .description("Permits given back because their call was not sent (refused locally, or never connected)").register(meters);
        Gauge.builder("intercom.budget.remaining", lastRemaining, AtomicLong::get)
                .description("X-RateLimit-Remaining of Intercom's last answer (-1 before any)").register(meters);
        Gauge.builder("intercom.budget.limit", lastLimit, AtomicLong::get)
                .description("X-RateLimit-Limit of Intercom's last answer (-1 before any)").register(meters);
    }

    /**
     * A call's place in the budget; close it once the call has its answer (after {@link #observe}).
     * When the call was not sent after all (refused locally, or no connection was ever made), say so
     * with {@link #notSent()} before closing: the caller's limit, the room and the permit are given back.
     */
    public final class Permit implements AutoCloseable {

        private final ReportedBudget.Slot slot;
        private final CallerLimits.Charge charge;
        private final String caller;
        private final long takenAtMillis;
        private final boolean owesNextWindow;
        private boolean sent = true;
        private boolean closed;

        private Permit(ReportedBudget.Slot slot, CallerLimits.Charge charge, String caller, long takenAtMillis, boolean owesNextWindow) {
            this.slot = slot;
            this.charge = charge;
            this.caller = caller;
            this.takenAtMillis = takenAtMillis;
            this.owesNextWindow = owesNextWindow;
        }

        /** The call never left the gateway: nothing of the budget is spent on it. */
        public void notSent() {
            sent = false;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (sent) {
                reported.answered(slot);
                return;
            }
            charge.refund();
            if (Math.floorDiv(clock.millis(), windowMillis) == Math.floorDiv(takenAtMillis, windowMillis)) {
                buckets.refund();   // in a later window the bucket is full again: nothing to give back
            }
            if (owesNextWindow) {
                forgetOwed(Math.floorDiv(takenAtMillis, windowMillis) + 1);
            }
            fairShare.notSent(caller, takenAtMillis);
            reported.giveBack(slot);
            unsent.increment();
        }
    }

    /**
     * Waits for one call of the caller's limit, then for room in Intercom's window and a permit of the
     * bucket when it is the caller's turn: at most {@code max-wait} in all.
     *
     * @param caller who the call is for, as {@link IntercomCaller} names callers ({@code service} for the gateway's own)
     * @throws IntercomRejectedException with reason BUDGET_EXHAUSTED when no room or permit comes in
     *     time, CALLER_RATE_LIMITED when the caller's own limit has nothing left in time
     */
    public Permit acquire(String caller) {
        long started = System.nanoTime();
        long deadline = started + maxWait.toNanos();
        CallerLimits.Charge charge = CallerLimits.Charge.NOTHING;
        try {
            Duration hold = remainingHold();
            if (hold.compareTo(maxWait) > 0) {
                throw refuse(started, hold, "Intercom reports its rate budget nearly spent until its window resets");
            }
            charge = takeOfCallersLimit(caller, maxWait.minus(hold), started);
            hold = remainingHold();
            if (!hold.isZero() && hold.toNanos() > deadline - System.nanoTime()) {
                charge.refund();
                throw refuse(started, hold, "Intercom reports its rate budget nearly spent until its window resets");
            }
            if (!hold.isZero()) {
                Thread.sleep(hold);
            }
            Admission admission = new Admission();
            ReportedBudget.Slot slot = fairShare.acquire(caller, admission, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (slot == null) {
                charge.refund();
                throw admission.roomWasShort
                        ? refuse(started, reported.untilReset(), "Intercom's reported rate budget is taken by calls in flight")
                        : refuse(started, buckets.untilNextPermit(), "No rate-budget permit within " + maxWait.toMillis() + " ms");
            }
            long now = clock.millis();
            boolean owesNextWindow = oweNextWindowIfInGuard(now);
            acquired.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return new Permit(slot, charge, caller, now, owesNextWindow);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            charge.refund();
            throw refuse(started, Duration.ofSeconds(1), "Interrupted while waiting for a rate-budget permit");
        }
    }

    private CallerLimits.Charge takeOfCallersLimit(String caller, Duration maxWait, long startedNanos) throws InterruptedException {
        try {
            return callerLimits.take(caller, maxWait);
        } catch (IntercomRejectedException callerLimitSpent) {
            refused.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
            throw callerLimitSpent;
        }
    }

    /** Room under Intercom's reported remainder, then a permit of the bucket; the room is given back when no permit comes. */
    private final class Admission implements FairShare.Gate<ReportedBudget.Slot> {

        private boolean roomWasShort;

        @Override
        public ReportedBudget.Slot tryTake() {
            ReportedBudget.Slot slot = reported.tryTake();
            roomWasShort = slot == null;
            if (slot == null) {
                return null;
            }
            payWhatThisWindowOwes(clock.millis());
            boolean permitted;
            try {
                permitted = buckets.tryConsume(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                permitted = false;
            }
            if (!permitted) {
                reported.giveBack(slot);
                return null;
            }
            return slot;
        }

        @Override
        public Duration untilWorthTrying() {
            if (!roomWasShort) {
                return buckets.untilNextPermit();
            }
            Duration untilReset = reported.untilReset();
            return untilReset.isZero() ? maxWait : untilReset;   // without a report, an answer wakes the line
        }
    }

    /** A call sent in the guard may reach Intercom in the next window: that window owes a permit for it. */
    private boolean oweNextWindowIfInGuard(long nowMillis) {
        if (Math.floorMod(nowMillis, windowMillis) < windowMillis - guardMillis) {
            return false;
        }
        long next = Math.floorDiv(nowMillis, windowMillis) + 1;
        owing.lock();
        try {
            if (owedWindow.get() != next) {
                owedPermits.set(0);
                owedWindow.set(next);
            }
            owedPermits.incrementAndGet();
        } finally {
            owing.unlock();
        }
        return true;
    }

    /** A call sent in the guard was not sent after all: the next window owes nothing for it. */
    private void forgetOwed(long window) {
        owing.lock();
        try {
            if (owedWindow.get() == window && owedPermits.get() > 0) {
                owedPermits.decrementAndGet();
            }
        } finally {
            owing.unlock();
        }
    }

    /** The first calls of a window take, from its freshly refilled bucket, what the last window's guard sent into it. */
    private void payWhatThisWindowOwes(long nowMillis) {
        if (owedWindow.get() == Math.floorDiv(nowMillis, windowMillis)) {
            long owed = owedPermits.getAndSet(0);
            if (owed > 0) {
                buckets.debit(owed);
            }
        }
    }

    /** Reads the budget Intercom reported with an answer. */
    public void observe(IntercomRateLimit rateLimit) {
        if (rateLimit == null) {
            return;
        }
        if (rateLimit.limit() != null) {
            lastLimit.set(rateLimit.limit());
            if (rateLimit.limit() > 0 && configuredBudget.getAndAccumulate(rateLimit.limit(), Math::min) > rateLimit.limit()) {
                buckets.resize(rateLimit.limit());
            }
        }
        if (rateLimit.remaining() != null) {
            lastRemaining.set(rateLimit.remaining());
            if (rateLimit.reset() != null) {
                reported.report(rateLimit.remaining(), rateLimit.limit() == null ? null : rateLimit.limit().longValue(), rateLimit.reset());
                if (rateLimit.remaining() <= reported.reserve()) {
                    holdUntil(rateLimit.reset());
                }
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
        long until = reported.capped(reset).toEpochMilli();
        long previous = holdUntilMillis.getAndAccumulate(until, Math::max);
        if (previous < until && previous <= clock.millis()) {
            holds.increment();
        }
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
