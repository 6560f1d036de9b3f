package dev.intercomgateway.intercom.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What Intercom last reported of its current window ({@code X-RateLimit-Remaining} and
 * {@code -Reset}), less the calls sent since that are not answered yet. A call goes out only while
 * that difference stays above the reserve, so a burst of callers cannot spend the same reported
 * remainder twice. Answers of one window may arrive out of order: the lowest remainder counts.
 * The reserve is a share of Intercom's reported limit ({@link Reserve}); before Intercom has
 * reported one, of the configured budget.
 *
 * <p>Who takes the room is not decided here: {@link FairShare} lets the caller whose turn it is try
 * {@link #tryTake()}, and is woken by {@code onChange} whenever room may have come free.
 *
 * <p>When a reported window has passed, the next one is taken to start full (Intercom's last reported
 * limit) until an answer reports it. Without any report yet, one call goes first and the others wait
 * for its answer: it tells how much of the window is left, which may be little when other apps or
 * replicas share it. When Intercom's answers carry no report at all, calls go freely for a window
 * before the next probe.
 */
final class ReportedBudget {

    /** A call let through; {@link #answered(Slot)} it when it has its answer or failed. */
    record Slot(boolean probe) {
    }

    private static final Slot CALL = new Slot(false);
    private static final Slot PROBE = new Slot(true);

    private final Reserve reserve;
    private final long configuredLimit;
    private final long windowMillis;
    private final Duration maxResetWait;
    private final Clock clock;
    private final Runnable onChange;
    private final ReentrantLock lock = new ReentrantLock();
    private long resetMillis = Long.MIN_VALUE;
    private long remaining;
    private long limit = -1;
    private boolean estimated;
    private int inFlight;
    private boolean probing;
    private long unreportedUntilMillis = Long.MIN_VALUE;

    /**
     * @param configuredLimit the configured calls per window: the reserve's base until Intercom reports its limit
     * @param onChange called (outside this object's lock) whenever room may have come free
     */
    ReportedBudget(Reserve reserve, long configuredLimit, Duration window, Duration maxResetWait, Clock clock, Runnable onChange) {
        this.reserve = reserve;
        this.configuredLimit = configuredLimit;
        this.windowMillis = window.toMillis();
        this.maxResetWait = maxResetWait;
        this.clock = clock;
        this.onChange = onChange;
    }

    /** Room for one call in Intercom's window now, or null (never waits). */
    Slot tryTake() {
        lock.lock();
        try {
            return take(clock.millis());
        } finally {
            lock.unlock();
        }
    }

    /** The calls held back of the current window: a share of Intercom's reported limit, else of the configured budget. */
    long reserve() {
        lock.lock();
        try {
            return reserve.of(limit > 0 ? limit : configuredLimit);
        } finally {
            lock.unlock();
        }
    }

    private Slot take(long now) {
        if (now >= resetMillis && limit > 0 && resetMillis != Long.MIN_VALUE) {
            while (resetMillis <= now) {
                resetMillis += windowMillis;
            }
            remaining = limit;
            estimated = true;
        }
        if (now < resetMillis) {
            if (remaining - inFlight > reserve.of(limit > 0 ? limit : configuredLimit)) {
                inFlight++;
                return CALL;
            }
            return null;
        }
        if (now < unreportedUntilMillis) {
            inFlight++;
            return CALL;
        }
        if (!probing) {
            probing = true;
            inFlight++;
            return PROBE;
        }
        return null;
    }

    /** The call holding {@code slot} has its answer (its report already read), or failed, or was never sent. */
    void answered(Slot slot) {
        lock.lock();
        try {
            inFlight = Math.max(0, inFlight - 1);
            if (slot.probe()) {
                probing = false;
                long now = clock.millis();
                if (now >= resetMillis) {
                    unreportedUntilMillis = now + windowMillis;
                }
            }
        } finally {
            lock.unlock();
        }
        onChange.run();
    }

    /** The call holding {@code slot} was not sent after all: its room is free again, and a probe tells nothing. */
    void giveBack(Slot slot) {
        lock.lock();
        try {
            inFlight = Math.max(0, inFlight - 1);
            if (slot.probe()) {
                probing = false;
            }
        } finally {
            lock.unlock();
        }
        onChange.run();
    }

    void report(long reportedRemaining, Long reportedLimit, Instant reset) {
        long reportedReset = capped(reset).toEpochMilli();
        lock.lock();
        try {
            long now = clock.millis();
            if (reportedReset <= now) {
                return;
            }
            if (reportedLimit != null && reportedLimit > 0) {
                limit = reportedLimit;
            }
            if (estimated || reportedReset != resetMillis) {
                if (!estimated && reportedReset < resetMillis) {
                    return; // a late answer from a window already replaced
                }
                resetMillis = reportedReset;
                remaining = reportedRemaining;
                estimated = false;
            } else {
                remaining = Math.min(remaining, reportedRemaining);
            }
        } finally {
            lock.unlock();
        }
        onChange.run();
    }

    /** A reset claimed further away than {@code max-reset-wait} is taken as that far. */
    Instant capped(Instant reset) {
        Instant latest = clock.instant().plus(maxResetWait);
        return reset.isAfter(latest) ? latest : reset;
    }

    /** How long until the reported window resets, or zero without a current report. */
    Duration untilReset() {
        lock.lock();
        try {
            long now = clock.millis();
            return now < resetMillis ? Duration.ofMillis(resetMillis - now) : Duration.ZERO;
        } finally {
            lock.unlock();
        }
    }
}
