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
 * Hands out the bucket's permits fairly when callers compete for them: the waiting caller that has
 * had the fewest Intercom calls in the current window, for its weight, goes next (retries count,
 * as they are calls). A caller alone takes whatever the bucket gives: an idle budget is fully usable
 * by one caller. Callers are known by name as they come, so callers added at runtime take part.
 */
final class FairShare {

    private record Ticket(String caller, long order) {
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

    /** Takes one permit of the bucket for {@code caller}, waiting at most {@code maxWait} (real time). */
    boolean acquire(String caller, IntercomBudget.BucketSource bucket, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        Ticket ticket = new Ticket(caller, nextOrder++);
        waiting.add(ticket);
        try {
            while (true) {
                if (next() == ticket && bucket.tryConsume(Duration.ZERO)) {
                    usedThisWindow.merge(caller, 1L, Long::sum);
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                long untilPermit = next() == ticket ? Math.max(1_000_000, bucket.untilNextPermit().toNanos()) : left;
                turn.await(Math.min(left, untilPermit), TimeUnit.NANOSECONDS);
            }
        } finally {
            waiting.remove(ticket);
            turn.signalAll();
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
