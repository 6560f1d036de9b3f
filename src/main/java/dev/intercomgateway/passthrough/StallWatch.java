package dev.intercomgateway.passthrough;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Notices callers that stopped reading an answer: a write to the caller that makes no progress for
 * {@code gateway.passthrough.stall-timeout} trips its watch, which ends the answer from Intercom at
 * once. A blocked servlet write cannot be interrupted (Tomcat ends it only after its own connection
 * timeout), so what the stalled write holds of Intercom is let go from here, and the writer breaks
 * off as soon as its write returns. One timer checks every open answer.
 */
final class StallWatch implements AutoCloseable {

    private final long timeoutNanos;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final Counter stalls;

    StallWatch(Duration timeout, MeterRegistry meters) {
        this.timeoutNanos = timeout.toNanos();
        this.stalls = Counter.builder("gateway.passthrough.stalled")
                .description("Answers ended because the caller read nothing for gateway.passthrough.stall-timeout").register(meters);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("passthrough-stall-watch").factory());
        long tick = Math.clamp(timeout.toMillis() / 4, 20, 250);
        timer.scheduleWithFixedDelay(this::check, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Watches one answer's writes until closed; {@code onStall} runs once, from the timer, if a write stalls. */
    Watch watch(Runnable onStall) {
        Watch watch = new Watch(onStall);
        watches.add(watch);
        return watch;
    }

    private void check() {
        long now = System.nanoTime();
        for (Watch watch : watches) {
            watch.check(now);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** The caller read nothing for the stall timeout; the answer was ended. */
    static final class CallerStalledException extends IOException {

        CallerStalledException() {
            this(null);
        }

        CallerStalledException(Throwable cause) {
            super("The caller read nothing of the answer for gateway.passthrough.stall-timeout; the answer was ended", cause);
        }
    }

    final class Watch implements AutoCloseable {

        private static final Object TRIPPED = new Object();

        /** null between writes, a {@link Write} during one, {@link #TRIPPED} once stalled. */
        private final AtomicReference<Object> state = new AtomicReference<>();
        private final Runnable onStall;

        private Watch(Runnable onStall) {
            this.onStall = onStall;
        }

        private record Write(long since) {
        }

        /** A write to the caller begins. */
        void writing() throws CallerStalledException {
            if (!state.compareAndSet(null, new Write(System.nanoTime()))) {
                throw new CallerStalledException();
            }
        }

        /** The write returned; if the watch tripped meanwhile, the answer has been ended and must break off. */
        void written() throws CallerStalledException {
            Object write = state.get();
            if (!(write instanceof Write) || !state.compareAndSet(write, null)) {
                throw new CallerStalledException();
            }
        }

        boolean tripped() {
            return state.get() == TRIPPED;
        }

        private void check(long now) {
            Object write = state.get();
            if (write instanceof Write started && now - started.since() > timeoutNanos && state.compareAndSet(write, TRIPPED)) {
                stalls.increment();
                onStall.run();
            }
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
