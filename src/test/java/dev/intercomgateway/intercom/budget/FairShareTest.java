package dev.intercomgateway.intercom.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.IntercomRejectedException;

/** Competing callers each get their share of Intercom calls; a caller alone gets the whole budget. */
class FairShareTest {

    static final Duration WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMillis(2500);

    private static IntercomBudget budget(int perWindow, Map<String, Integer> weights) {
        return new IntercomBudget(new LocalBucket(perWindow, WINDOW), perWindow, WINDOW, Duration.ZERO, 0, MAX_WAIT, Duration.ofSeconds(60),
                weights, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static Future<Boolean> call(ExecutorService threads, IntercomBudget budget, String caller) {
        return threads.submit(() -> {
            try (IntercomBudget.Permit permit = budget.acquire(caller)) {
                return true;
            } catch (IntercomRejectedException refused) {
                return false;
            }
        });
    }

    private static long granted(List<Future<Boolean>> calls) throws Exception {
        long granted = 0;
        for (Future<Boolean> call : calls) {
            granted += call.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        return granted;
    }

    @Test
    void aCallerArrivingBehindABatchStillGetsItsShareOfTheNextWindow() throws Exception {
        IntercomBudget budget = budget(10, Map.of());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(call(threads, budget, "batch-job"));
            }
            Thread.sleep(100);
            List<Future<Boolean>> support = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                support.add(call(threads, budget, "support-desk"));
            }

            assertThat(granted(support)).as("the latecomer's calls, within max-wait").isEqualTo(5);
            assertThat(granted(batch)).as("the batch keeps the rest of each window").isGreaterThanOrEqualTo(10L);
        }
    }

    @Test
    void weightsSplitAContendedWindow() throws Exception {
        IntercomBudget budget = budget(12, Map.of("heavy", 2));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread.sleep(WINDOW.toMillis() - Math.floorMod(System.currentTimeMillis(), WINDOW.toMillis()) + 20);   // start of a window
            budget.acquire(IntercomCaller.SERVICE).close();                                              // spend one permit so the window is contended at once
            List<Future<Boolean>> heavy = new ArrayList<>();
            List<Future<Boolean>> light = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                heavy.add(call(threads, budget, "heavy"));
                light.add(call(threads, budget, "light"));
            }
            long heavyGranted = granted(heavy);
            long lightGranted = granted(light);

            assertThat(heavyGranted + lightGranted).isGreaterThanOrEqualTo(22);
            assertThat((double) heavyGranted / lightGranted).as("2:1 by weight").isBetween(1.5, 2.6);
        }
    }

    @Test
    void aCallerAloneUsesTheWholeBudget() throws Exception {
        IntercomBudget budget = budget(10, Map.of());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread.sleep(WINDOW.toMillis() - Math.floorMod(System.currentTimeMillis(), WINDOW.toMillis()) + 20);
            List<Future<Boolean>> alone = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                alone.add(call(threads, budget, "only-one"));
            }
            assertThat(granted(alone)).isEqualTo(10);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no waiting for a share nobody else wants").isLessThan(Duration.ofMillis(500));
        }
    }
}
