package dev.intercomgateway.intercom.budget;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out what a call needs to go out (room under Intercom's reported remainder, then a permit of
 * the bucket) fairly when callers compete for it: the waiting caller that has had the fewest
 * Intercom calls in the current window, for its weight, goes next (retries count, as they are
 * calls), whatever the order they came in. A caller alone takes whatever there is: an idle budget is
 * fully usable by one caller. Callers are known by name as they come, so callers added at runtime
 * take part.
 */
final class FairShare {

    private record Ticket(String caller, long order) {
    }

    /** What the caller whose turn it is tries to take; {@link FairShare#wake()} says it may have come free. */
    interface Gate<T> {

        /** What a call needs, or null when it cannot be had now (never waits). */
        T tryTake();

        /** After {@link #tryTake()} gave nothing: how long until trying again is worth it, unless woken sooner. */
        Duration untilWorthTrying();
    }

    private final Map<String, Integer> weights;
    private final long windowMillis;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private final List<Ticket> waiting = new ArrayList<>();
    private final Map<String, Long> usedThisWindow = new HashMap<>();
    private long window = Long.MIN_VALUE;
    private long nextOrder;

    FairShare(Map<String, Integer> weights, Duration window, Clock clock) {
        this.weights = Map.copyOf(weights);
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /**
     * Takes what {@code gate} gives for {@code caller} once it is the caller's turn, waiting at most
     * {@code maxWait} (real time); null if nothing came in time.
     */
    <T> T acquire(String caller, Gate<T> gate, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        Ticket ticket = new Ticket(caller, nextOrder++);
        waiting.add(ticket);
        try {
            while (true) {
                boolean myTurn = next() == ticket;
                if (myTurn) {
                    T taken = gate.tryTake();
                    if (taken != null) {
                        usedThisWindow.merge(caller, 1L, Long::sum);
                        return taken;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                // a new window clears the counts and so may change whose turn it is: everyone looks again then
                long untilNextWindow = TimeUnit.MILLISECONDS.toNanos(windowMillis - Math.floorMod(clock.millis(), windowMillis));
                long untilWorthTrying = myTurn ? Math.max(1_000_000, gate.untilWorthTrying().toNanos()) : untilNextWindow;
                turn.await(Math.max(1, Math.min(left, Math.min(untilWorthTrying, untilNextWindow))), TimeUnit.NANOSECONDS);
            }
        } finally {
            waiting.remove(ticket);
            turn.signalAll();
            lock.unlock();
        }
    }

    /** What the gate guards may have come free: the caller whose turn it is tries again. */
    void wake() {
        lock.lock();
        try {
            turn.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A call taken for {@code caller} was not sent after all: it does not count against the caller's share. */
    void notSent(String caller, long takenAtMillis) {
        lock.lock();
        try {
            rollWindow();
            if (Math.floorDiv(takenAtMillis, windowMillis) == window) {
                usedThisWindow.computeIfPresent(caller, (name, used) -> used > 1 ? used - 1 : null);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The waiting caller with the fewest calls this window for its weight; the earliest on a tie. */
    private Ticket next() {
        rollWindow();
        Ticket best = null;
        double bestUse = Double.MAX_VALUE;
        for (Ticket candidate : waiting) {
            double use = usedThisWindow.getOrDefault(candidate.caller(), 0L) / (double) weight(candidate.caller());
            if (use < bestUse || (use == bestUse && candidate.order() < best.order())) {
                best = candidate;
                bestUse = use;
            }
        }
        return best;
    }

    private void rollWindow() {
        long current = Math.floorDiv(clock.millis(), windowMillis);
        if (current != window) {
            window = current;
            usedThisWindow.clear();
        }
    }

    private int weight(String caller) {
        return weights.getOrDefault(caller, 1);
    }
}
