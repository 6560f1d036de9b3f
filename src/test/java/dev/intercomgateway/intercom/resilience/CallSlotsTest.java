package dev.intercomgateway.intercom.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.client.HeldAnswer;
import dev.intercomgateway.intercom.client.IntercomResponse;

/** A call's slots: its caller's cap and the bulkhead, held until a streamed answer ends. */
class CallSlotsTest {

    final Bulkhead bulkhead = Bulkhead.of("intercom", BulkheadConfig.custom().maxConcurrentCalls(3).maxWaitDuration(Duration.ZERO).build());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CallSlots slots = new CallSlots(bulkhead, caller -> "wide".equals(caller) ? 3 : null, 2, meters);

    /** A streamed answer whose end the test decides. */
    static final class Streamed implements HeldAnswer {
        final AtomicReference<Runnable> release = new AtomicReference<>();

        @Override
        public void releaseWhenDone(Runnable onEnd) {
            release.set(onEnd);
        }

        void end() {
            release.get().run();
        }
    }

    @Test
    void aStreamedAnswerHoldsItsSlotsUntilItEndsAndAPlainAnswerNot() {
        slots.send("app", () -> new IntercomResponse<>(200, "plain", null, null));
        assertThat(slots.openCalls("app")).isZero();

        Streamed streamed = new Streamed();
        slots.send("app", () -> new IntercomResponse<>(200, streamed, null, null));
        assertThat(slots.openCalls("app")).isEqualTo(1);
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);

        streamed.end();
        streamed.end();
        assertThat(slots.openCalls("app")).isZero();
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(3);
    }

    @Test
    void aCallerOverItsCapIsRefusedWithoutTouchingTheBulkheadWhileOthersPass() {
        slots.send("app", () -> new IntercomResponse<>(200, new Streamed(), null, null));
        slots.send("app", () -> new IntercomResponse<>(200, new Streamed(), null, null));

        assertThatThrownBy(() -> slots.send("app", () -> new IntercomResponse<>(200, "never sent", null, null)))
                .isInstanceOfSatisfying(IntercomRejectedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(IntercomRejectedException.Reason.CALLER_CONCURRENCY_CAP);
                    assertThat(refused.callersOwn()).isTrue();
                    assertThat(refused.retryAfter()).isPositive();
                });
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);

        assertThat(slots.send("other", () -> new IntercomResponse<>(200, "served", null, null)).body()).isEqualTo("served");
        assertThat(meters.get("intercom.calls.refused").tag("reason", "caller_concurrency_cap").tag("client", "app").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aCallersOwnCapOverridesTheDefaultAndAFullBulkheadGivesTheCallerSlotBack() {
        for (int i = 0; i < 3; i++) {
            slots.send("wide", () -> new IntercomResponse<>(200, new Streamed(), null, null));
        }
        assertThat(slots.openCalls("wide")).isEqualTo(3);

        assertThatThrownBy(() -> slots.send("app", () -> new IntercomResponse<>(200, "never sent", null, null)))
                .isInstanceOfSatisfying(IntercomRejectedException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(IntercomRejectedException.Reason.TOO_MANY_CONCURRENT_CALLS));
        assertThat(slots.openCalls("app")).isZero();
    }

    @Test
    void aFailedCallReleasesItsSlots() {
        assertThatThrownBy(() -> slots.send("app", () -> {
            throw new IntercomRejectedException(IntercomRejectedException.Reason.NO_FREE_CONNECTION, "pool full", Duration.ofSeconds(1), null);
        })).isInstanceOf(IntercomRejectedException.class);
        assertThat(slots.openCalls("app")).isZero();
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(3);
        assertThat(meters.get("intercom.calls.refused").tag("reason", "no_free_connection").counter().count()).isEqualTo(1);
    }

    @Test
    void noFreeConnectionIsNeitherIntercomFailingNorRetried() {
        var noFreeConnection = new IntercomRejectedException(IntercomRejectedException.Reason.NO_FREE_CONNECTION, "pool full",
                Duration.ofSeconds(1), null);
        assertThat(ResilientIntercomCalls.isUpstreamFailure(noFreeConnection)).isFalse();
        assertThat(new RetryPolicy(new dev.intercomgateway.intercom.IntercomProperties.Retry(Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofSeconds(1)), java.time.Clock.systemUTC()).isRetryable(org.springframework.http.HttpMethod.GET, noFreeConnection)).isFalse();
        assertThat(noFreeConnection.callersOwn()).isFalse();
    }

    @Test
    void aCallerWithItsGuaranteedCallsOpenLeavesTheReserveToCallersWithFewer() {
        CallSlots kept = new CallSlots(bulkhead, caller -> 3, 3, new CallSlots.Headroom(1, 1), meters);
        kept.send("greedy", () -> new IntercomResponse<>(200, new Streamed(), null, null));
        kept.send("greedy", () -> new IntercomResponse<>(200, new Streamed(), null, null));

        assertThatThrownBy(() -> kept.send("greedy", () -> new IntercomResponse<>(200, "never sent", null, null)))
                .isInstanceOfSatisfying(IntercomRejectedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(IntercomRejectedException.Reason.CALLER_CONCURRENCY_CAP);
                    assertThat(refused.callersOwn()).isTrue();
                    assertThat(refused.retryAfter()).isPositive();
                });
        assertThat(kept.openCalls("greedy")).as("below its cap of 3, refused for the reserve").isEqualTo(2);
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);

        assertThat(kept.send("light", () -> new IntercomResponse<>(200, "served", null, null)).body()).isEqualTo("served");
        kept.send("light", () -> new IntercomResponse<>(200, new Streamed(), null, null));
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).as("a caller below its guarantee may take the reserve").isZero();
    }

    @Test
    void aReserveOfNoneLeavesAFullBulkheadTheGatewaysOwn503() {
        CallSlots none = new CallSlots(bulkhead, caller -> 4, 4, new CallSlots.Headroom(1, 0), meters);
        for (int i = 0; i < 3; i++) {
            none.send("greedy", () -> new IntercomResponse<>(200, new Streamed(), null, null));
        }
        assertThatThrownBy(() -> none.send("greedy", () -> new IntercomResponse<>(200, "never sent", null, null)))
                .isInstanceOfSatisfying(IntercomRejectedException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(IntercomRejectedException.Reason.TOO_MANY_CONCURRENT_CALLS));
    }

    @Test
    void aCallersGaugeIsRegisteredOnceWhenItsFirstCallsArriveTogether() throws Exception {
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        ch.qos.logback.classic.Logger registryLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                io.micrometer.core.instrument.MeterRegistry.class);
        var appender = new ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                warnings.add(event.getFormattedMessage());
            }
        };
        appender.start();
        registryLog.addAppender(appender);
        // Micrometer warns of a second registration once per JVM and at debug level after that
        ch.qos.logback.classic.Level level = registryLog.getLevel();
        registryLog.setLevel(ch.qos.logback.classic.Level.DEBUG);
        CallSlots wide = new CallSlots(Bulkhead.of("wide", BulkheadConfig.custom().maxConcurrentCalls(64).build()), caller -> null, 64, meters);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(threads.submit(() -> {
                    start.await();
                    return wide.send("b0", () -> new IntercomResponse<>(200, new Streamed(), null, null));
                }));
            }
            start.countDown();
            for (var call : calls) {
                call.get();
            }
        } finally {
            registryLog.detachAppender(appender);
            registryLog.setLevel(level);
        }
        assertThat(warnings).as("Micrometer's warnings").noneMatch(message -> message.contains("already registered"));
        assertThat(meters.get("intercom.caller.calls.open").tag("client", "b0").gauge().value()).isEqualTo(32);
    }
}
