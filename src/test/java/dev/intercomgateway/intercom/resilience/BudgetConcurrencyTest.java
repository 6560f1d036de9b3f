package dev.intercomgateway.intercom.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.budget.CallerLimits;
import dev.intercomgateway.intercom.budget.Reserve;
import dev.intercomgateway.intercom.client.IntercomClient;

/**
 * Many callers at once against an Intercom that refuses calls above a small budget per window:
 * the gateway spends the budget without ever being refused, and every caller gets an answer in
 * bounded time (success, or a 429-style refusal after waiting at most max-wait).
 */
class BudgetConcurrencyTest {

    static final int CALLERS = 200;
    static final int BUDGET_PER_WINDOW = 20;
    static final Duration WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(3);

    /** The first call of a cold JVM (client, codecs, contract check) may take a second: more than the default 800 ms. */
    static final Duration COLD_START = Duration.ofSeconds(5);

    enum Outcome { SUCCESS, REFUSED_BY_BUDGET, OTHER }

    @Test
    void twoHundredCallersNeverDrawA429AndNoneHangs() throws Exception {
        try (FixedWindowIntercomStub stub = new FixedWindowIntercomStub(BUDGET_PER_WINDOW, WINDOW.toMillis());
                ResilientGateway gateway = ResilientGateway.create(stub.baseUrl(),
                        ResilientGateway.Settings.defaults().withBudget(BUDGET_PER_WINDOW, WINDOW, 0, MAX_WAIT));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {

            // The very first call of a cold JVM can take a permit in one window and land in the next:
            // warm up, then count from a window that warm-up cannot reach.
            for (int i = 0; i < 3; i++) {
                gateway.client().admins();
            }
            stub.resetCountsAtNextWindow();
            long started = System.nanoTime();
            List<Future<Outcome>> answers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                answers.add(callers.submit(() -> call(gateway.client())));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> answer : answers) {
                outcomes.add(answer.get(MAX_WAIT.toSeconds() + 10, TimeUnit.SECONDS));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            long successes = outcomes.stream().filter(o -> o == Outcome.SUCCESS).count();
            long refused = outcomes.stream().filter(o -> o == Outcome.REFUSED_BY_BUDGET).count();
            assertThat(outcomes).doesNotContain(Outcome.OTHER).hasSize(CALLERS);
            assertThat(stub.throttled()).as("429s drawn from Intercom").isZero();
            assertThat(successes).isEqualTo(stub.served());
            assertThat(successes).as("budget spent").isGreaterThanOrEqualTo((long) BUDGET_PER_WINDOW * MAX_WAIT.toSeconds());
            assertThat(successes + refused).isEqualTo(CALLERS);
            assertThat(elapsed).as("nobody waits past max-wait by much").isLessThan(MAX_WAIT.plusSeconds(3));
            assertThat(gateway.meter("intercom.upstream.throttled")).isZero();
        }
    }

    /**
     * Intercom's window has 20 calls and other clients already spent 3 of them; the gateway, configured
     * for Intercom's default budget, does not know either. A burst of 30 callers at once may draw at
     * most 2 429s from Intercom: the first answer says how much is left, and the calls in flight
     * count against it.
     */
    @Test
    void aBurstOverASmallerBudgetThanConfiguredDrawsAtMostTwo429s() throws Exception {
        try (FixedWindowIntercomStub stub = new FixedWindowIntercomStub(20, Duration.ofSeconds(10).toMillis());
                ResilientGateway gateway = ResilientGateway.create(stub.baseUrl(), ResilientGateway.Settings.defaults()
                        .withBudget(1666, Duration.ofSeconds(10), 0, Duration.ofSeconds(2)).withConcurrency(64, COLD_START));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            warmUp();
            stub.answerAfter(30);
            stub.spendElsewhere(3);

            List<Future<Outcome>> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(callers.submit(() -> call(gateway.client())));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> answer : answers) {
                outcomes.add(answer.get(20, TimeUnit.SECONDS));
            }

            assertThat(stub.throttled()).as("429s drawn from Intercom").isLessThanOrEqualTo(2);
            assertThat(outcomes).as("every caller answered: a success or the gateway's own 429").doesNotContain(Outcome.OTHER);
            assertThat(outcomes.stream().filter(o -> o == Outcome.SUCCESS).count()).isEqualTo(stub.served()).isGreaterThanOrEqualTo(17);
        }
    }

    /**
     * The same burst with the reserve as the application configures it (5 % of Intercom's reported
     * limit, at least 1): of the 17 calls left in the window, 16 are used and none is refused by
     * Intercom. A fixed reserve of 10 served 7.
     */
    @Test
    void aThirtyCallerBurstOnATwentyCallWindowUsesTheWindowWithoutA429() throws Exception {
        try (FixedWindowIntercomStub stub = new FixedWindowIntercomStub(20, Duration.ofSeconds(10).toMillis());
                ResilientGateway gateway = ResilientGateway.create(stub.baseUrl(), ResilientGateway.Settings.defaults()
                        .withBudget(1666, Duration.ofSeconds(10), 0, Duration.ofSeconds(2)).withConcurrency(64, COLD_START),
                        new Reserve(5, 1), CallerLimits.NONE);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            warmUp();
            stub.answerAfter(30);
            stub.spendElsewhere(3);

            List<Future<Outcome>> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(callers.submit(() -> call(gateway.client())));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> answer : answers) {
                outcomes.add(answer.get(20, TimeUnit.SECONDS));
            }

            assertThat(stub.throttled()).as("429s drawn from Intercom").isZero();
            assertThat(outcomes).as("every caller answered: a success or the gateway's own 429").doesNotContain(Outcome.OTHER);
            assertThat(outcomes.stream().filter(o -> o == Outcome.SUCCESS).count()).isEqualTo(stub.served()).isGreaterThanOrEqualTo(15);
        }
    }

    /** Loads what the first call of a JVM loads (client, codecs, contract check) against a throwaway stand-in, so that a burst's first call is not a cold one. */
    private static void warmUp() throws Exception {
        try (FixedWindowIntercomStub stub = new FixedWindowIntercomStub(20, 1000);
                ResilientGateway gateway = ResilientGateway.create(stub.baseUrl(),
                        ResilientGateway.Settings.defaults().withConcurrency(64, COLD_START))) {
            gateway.client().admins();
        }
    }

    private static Outcome call(IntercomClient client) {
        try {
            client.admins();
            return Outcome.SUCCESS;
        } catch (IntercomRejectedException e) {
            return e.reason() == IntercomRejectedException.Reason.BUDGET_EXHAUSTED && !e.retryAfter().isNegative()
                    ? Outcome.REFUSED_BY_BUDGET
                    : Outcome.OTHER;
        } catch (RuntimeException e) {
            return Outcome.OTHER;
        }
    }
}
