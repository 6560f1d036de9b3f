package dev.intercomgateway.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The window guard: calls near a window's end are never delayed, and the next window pays for them. */
class IntercomBudgetTest {

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration GUARD = Duration.ofMillis(200);

    /** Records what the budget asks of its bucket; always has permits. */
    static final class RecordingBucket implements IntercomBudget.BucketSource {
        int consumed;
        final List<Long> debits = new ArrayList<>();

        @Override
        public boolean tryConsume(Duration maxWait) {
            consumed++;
            return true;
        }

        @Override
        public void debit(long permits) {
            debits.add(permits);
        }

        @Override
        public Duration untilNextPermit() {
            return Duration.ZERO;
        }
    }

    private final RecordingBucket bucket = new RecordingBucket();
    private final MutableClock clock = new MutableClock(Instant.EPOCH);
    private final IntercomBudget budget = new IntercomBudget(bucket, WINDOW, GUARD, 10, Duration.ofSeconds(5), clock, new SimpleMeterRegistry());

    private static Instant windowStart(long window) {
        return Instant.ofEpochMilli(window * WINDOW.toMillis());
    }

    @Test
    void callsInTheGuardAreNotDelayedAndTheNextWindowPaysForThem() {
        clock.set(windowStart(1_000_000).plus(WINDOW).minusMillis(50));          // 50 ms before a window turns

        long started = System.nanoTime();
        budget.acquire();
        budget.acquire();
        budget.acquire();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
        assertThat(bucket.consumed).isEqualTo(3);
        assertThat(bucket.debits).isEmpty();

        clock.advance(Duration.ofMillis(100));                                    // the next window
        budget.acquire();
        budget.acquire();

        assertThat(bucket.debits).containsExactly(3L);                             // paid once, by its first call
        assertThat(bucket.consumed).isEqualTo(5);
    }

    @Test
    void callsOutsideTheGuardOweNothing() {
        clock.set(windowStart(1_000_000).plusSeconds(5));
        budget.acquire();
        clock.advance(WINDOW);
        budget.acquire();

        assertThat(bucket.debits).isEmpty();
    }

    @Test
    void aDebtNobodyCollectedInItsWindowLapses() {
        clock.set(windowStart(1_000_000).plus(WINDOW).minusMillis(50));
        budget.acquire();
        clock.advance(WINDOW.multipliedBy(2));                                    // skipped the owing window entirely
        budget.acquire();

        assertThat(bucket.debits).isEmpty();
    }

    @Test
    void localBucketDebitLeavesFewerPermitsInTheWindow() throws InterruptedException {
        LocalBucket local = new LocalBucket(10, Duration.ofMinutes(10));
        local.debit(3);

        int granted = 0;
        while (local.tryConsume(Duration.ZERO)) {
            granted++;
        }
        assertThat(granted).isEqualTo(7);
    }
}
