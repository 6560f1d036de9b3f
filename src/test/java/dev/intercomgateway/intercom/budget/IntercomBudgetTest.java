package dev.intercomgateway.intercom.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.MutableClock;

/** The window guard: calls near a window's end are never delayed, and the next window pays for them. */
class IntercomBudgetTest {

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration GUARD = Duration.ofMillis(200);

    /** Records what the budget asks of its bucket; always has permits. */
    static final class RecordingBucket implements IntercomBudget.BucketSource {
        int consumed;
        final List<Long> debits = new ArrayList<>();
        final List<Long> resizes = new ArrayList<>();

        @Override
        public void resize(long permitsPerWindow) {
            resizes.add(permitsPerWindow);
        }

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
        budget.acquire(IntercomCaller.SERVICE).close();
        budget.acquire(IntercomCaller.SERVICE).close();
        budget.acquire(IntercomCaller.SERVICE).close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
        assertThat(bucket.consumed).isEqualTo(3);
        assertThat(bucket.debits).isEmpty();

        clock.advance(Duration.ofMillis(100));                                    // the next window
        budget.acquire(IntercomCaller.SERVICE).close();
        budget.acquire(IntercomCaller.SERVICE).close();

        assertThat(bucket.debits).containsExactly(3L);                             // paid once, by its first call
        assertThat(bucket.consumed).isEqualTo(5);
    }

    @Test
    void callsOutsideTheGuardOweNothing() {
        clock.set(windowStart(1_000_000).plusSeconds(5));
        budget.acquire(IntercomCaller.SERVICE).close();
        clock.advance(WINDOW);
        budget.acquire(IntercomCaller.SERVICE).close();

        assertThat(bucket.debits).isEmpty();
    }

    @Test
    void aDebtNobodyCollectedInItsWindowLapses() {
        clock.set(windowStart(1_000_000).plus(WINDOW).minusMillis(50));
        budget.acquire(IntercomCaller.SERVICE).close();
        clock.advance(WINDOW.multipliedBy(2));                                    // skipped the owing window entirely
        budget.acquire(IntercomCaller.SERVICE).close();

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

    private IntercomBudget budgetWith(int reserve, Duration maxWait) {
        return new IntercomBudget(bucket, 1666, WINDOW, GUARD, reserve, maxWait, Duration.ofSeconds(60), java.util.Map.of(), clock, new SimpleMeterRegistry());
    }

    private static IntercomRateLimit reported(int limit, int remaining, Instant reset) {
        return new IntercomRateLimit(limit, remaining, reset);
    }

    @Test
    void callsInFlightCountAgainstWhatIntercomReportedRemaining() {
        clock.set(windowStart(1_000_000).plusSeconds(1));
        IntercomBudget budget = budgetWith(0, Duration.ofMillis(150));
        budget.acquire(IntercomCaller.SERVICE).close();                                                  // the probe of the window
        budget.observe(reported(20, 2, clock.instant().plusSeconds(9)));

        IntercomBudget.Permit first = budget.acquire(IntercomCaller.SERVICE);
        IntercomBudget.Permit second = budget.acquire(IntercomCaller.SERVICE);
        assertThatThrownBy(() -> budget.acquire(IntercomCaller.SERVICE)).isInstanceOfSatisfying(IntercomRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(IntercomRejectedException.Reason.BUDGET_EXHAUSTED));

        budget.observe(reported(20, 1, clock.instant().plusSeconds(9)));          // first's answer: one left...
        first.close();                                                             // ...and second still in flight
        assertThatThrownBy(() -> budget.acquire(IntercomCaller.SERVICE)).isInstanceOf(IntercomRejectedException.class);
        second.close();
        budget.acquire(IntercomCaller.SERVICE).close();
    }

    @Test
    void withoutAReportOneCallGoesFirstAndTheOthersWaitForItsAnswer() throws Exception {
        clock.set(windowStart(1_000_000).plusSeconds(1));
        IntercomBudget budget = budgetWith(0, Duration.ofSeconds(2));
        IntercomBudget.Permit probe = budget.acquire(IntercomCaller.SERVICE);
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> budget.acquire(IntercomCaller.SERVICE));

        Thread.sleep(100);
        assertThat(second).isNotDone();
        budget.observe(reported(20, 15, clock.instant().plusSeconds(9)));
        probe.close();
        second.get(1, java.util.concurrent.TimeUnit.SECONDS).close();
    }

    @Test
    void aLateAnswerFromTheWindowBeforeDoesNotRaiseTheRemainder() {
        clock.set(windowStart(1_000_000).plusSeconds(1));
        IntercomBudget budget = budgetWith(0, Duration.ofMillis(100));
        budget.acquire(IntercomCaller.SERVICE).close();
        budget.observe(reported(20, 1, clock.instant().plusSeconds(9)));
        budget.observe(reported(20, 5, clock.instant().plusSeconds(9)));          // out of order, same window

        IntercomBudget.Permit last = budget.acquire(IntercomCaller.SERVICE);
        assertThatThrownBy(() -> budget.acquire(IntercomCaller.SERVICE)).isInstanceOf(IntercomRejectedException.class);
        last.close();
    }

    @Test
    void theBucketShrinksToTheLimitIntercomReportsAndNeverGrowsPastTheConfiguredBudget() {
        IntercomBudget budget = budgetWith(0, Duration.ofMillis(100));
        budget.observe(reported(20, 19, clock.instant().plusSeconds(9)));
        budget.observe(reported(20, 18, clock.instant().plusSeconds(9)));
        budget.observe(reported(100_000, 99_999, clock.instant().plusSeconds(19)));

        assertThat(bucket.resizes).containsExactly(20L);
    }

    @Test
    void aResetClaimedHoursAwayHoldsCallsNoLongerThanMaxResetWait() {
        clock.set(windowStart(1_000_000).plusSeconds(1));
        IntercomBudget budget = new IntercomBudget(bucket, 1666, WINDOW, GUARD, 10, Duration.ofMillis(100), Duration.ofSeconds(30), java.util.Map.of(), clock,
                new SimpleMeterRegistry());
        budget.throttledByIntercom(reported(20, 0, clock.instant().plus(Duration.ofHours(3))));

        assertThatThrownBy(() -> budget.acquire(IntercomCaller.SERVICE)).isInstanceOfSatisfying(IntercomRejectedException.class,
                e -> assertThat(e.retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(31));
        budget.acquire(IntercomCaller.SERVICE).close();
    }

    @Test
    void aNewWindowStartsFullAtTheLastReportedLimitWithoutWaitingForAProbe() {
        clock.set(windowStart(1_000_000).plusSeconds(1));
        IntercomBudget budget = budgetWith(0, Duration.ofMillis(100));
        budget.acquire(IntercomCaller.SERVICE).close();
        budget.observe(reported(3, 0, clock.instant().plusSeconds(9)));
        assertThatThrownBy(() -> budget.acquire(IntercomCaller.SERVICE)).as("the reported window is spent").isInstanceOf(IntercomRejectedException.class);

        clock.advance(Duration.ofSeconds(10));                                    // Intercom's next window
        IntercomBudget.Permit first = budget.acquire(IntercomCaller.SERVICE);
        IntercomBudget.Permit second = budget.acquire(IntercomCaller.SERVICE);
        IntercomBudget.Permit third = budget.acquire(IntercomCaller.SERVICE);
        assertThatThrownBy(() -> budget.acquire(IntercomCaller.SERVICE)).as("no more than the reported limit in flight").isInstanceOf(IntercomRejectedException.class);
        first.close();
        second.close();
        third.close();
    }

    /**
     * A greedy caller holds all the room under Intercom's reported remainder and queues 20 more calls;
     * another caller's one call comes after them. The first room that frees goes to the caller with
     * fewer calls this window, not to the queue that came first.
     */
    @Test
    void aGreedyCallersQueueDoesNotTakeTheInFlightRoomBeforeAnotherCaller() throws Exception {
        clock.set(windowStart(1_000_000).plusSeconds(1));
        IntercomBudget budget = budgetWith(0, Duration.ofSeconds(5));
        List<IntercomBudget.Permit> held = new ArrayList<>();
        IntercomBudget.Permit probe = budget.acquire("greedy");
        budget.observe(reported(20, 3, clock.instant().plusSeconds(9)));      // room for 3 calls in flight
        probe.close();
        for (int i = 0; i < 3; i++) {
            held.add(budget.acquire("greedy"));
        }
        List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                callers.submit(() -> callAs("greedy", budget, granted));
            }
            Thread.sleep(200);
            callers.submit(() -> callAs("support-desk", budget, granted));
            Thread.sleep(200);
            assertThat(granted).as("no room until one of the greedy caller's calls is answered").isEmpty();

            held.removeFirst().close();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (granted.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(granted).as("who got the room that came free").first().isEqualTo("support-desk");
            held.forEach(IntercomBudget.Permit::close);
        }
        assertThat(granted).hasSize(21);
    }

    private static Void callAs(String caller, IntercomBudget budget, List<String> granted) {
        try (IntercomBudget.Permit permit = budget.acquire(caller)) {
            granted.add(caller);
        }
        return null;
    }

    @Test
    void theReserveIsAShareOfTheWindowWithAFloor() {
        Reserve reserve = new Reserve(5, 1);
        assertThat(reserve.of(1666)).isEqualTo(84);
        assertThat(reserve.of(20)).isEqualTo(1);
        assertThat(reserve.of(5)).isEqualTo(1);
        assertThat(new Reserve(5, 10).of(20)).as("an old fixed reserve of 10 stays the floor").isEqualTo(10);
        assertThat(Reserve.fixed(10).of(1666)).isEqualTo(10);
    }

    /** The reserve follows the limit Intercom reports: with 20 a window, calls go until 1 is left. */
    @Test
    void theReserveFollowsTheLimitIntercomReports() {
        clock.set(windowStart(1_000_000).plusSeconds(1));
        IntercomBudget budget = new IntercomBudget(bucket, 1666, WINDOW, GUARD, new Reserve(5, 1), Duration.ofMillis(100), Duration.ofSeconds(60),
                java.util.Map.of(), CallerLimits.NONE, clock, new SimpleMeterRegistry());
        budget.acquire(IntercomCaller.SERVICE).close();
        budget.observe(reported(20, 4, clock.instant().plusSeconds(9)));

        List<IntercomBudget.Permit> sent = new ArrayList<>();
        sent.add(budget.acquire(IntercomCaller.SERVICE));
        sent.add(budget.acquire(IntercomCaller.SERVICE));
        sent.add(budget.acquire(IntercomCaller.SERVICE));
        assertThatThrownBy(() -> budget.acquire(IntercomCaller.SERVICE)).as("1 of 20 held back").isInstanceOf(IntercomRejectedException.class);
        sent.forEach(IntercomBudget.Permit::close);
    }
}
