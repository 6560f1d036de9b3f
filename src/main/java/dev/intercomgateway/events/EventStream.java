package dev.intercomgateway.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The log and its live subscribers in this replica. Subscribers hold no events: each one's writer
 * reads the log from its own position, a bounded batch at a time, and waits here for news. One
 * thread follows the log's newest id (this replica's appends wake the writers at once; other
 * replicas' are seen within {@code poll}) and wakes the writers. Memory is thus the log's own bound
 * plus one bounded batch per subscriber.
 */
public class EventStream implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private final EventLog eventLog;
    private final Duration poll;
    private final int batchEvents;
    private final long batchBytes;
    private final int maxPerCaller;
    private final int maxSubscribers;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
    /** Open subscriptions by caller; a caller with none has no entry (callers may be JWT subjects: unbounded over time). */
    private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Condition news = lock.newCondition();
    private volatile boolean running = true;
    private boolean woken;
    private long version;
    private Thread follower;
    private final long stallNanos;
    private Thread watcher;
    private final LongAdder stalled = new LongAdder();
    private final LongAdder overflowed = new LongAdder();

    public EventStream(EventLog eventLog, EventLogProperties properties) {
        this.eventLog = eventLog;
        this.poll = properties.poll();
        this.batchEvents = properties.subscriberBuffer();
        this.batchBytes = properties.subscriberBufferBytes().toBytes();
        this.maxPerCaller = properties.maxSubscriptionsPerCaller();
        this.maxSubscribers = properties.maxSubscribers();
        this.stallNanos = properties.stallTimeout().toNanos();
        startThreads();
    }

    private void startThreads() {
        running = true;
        this.follower = Thread.ofVirtual().name("event-log-follower").start(this::follow);
        this.watcher = Thread.ofVirtual().name("event-subscriber-stall-watch").start(this::watchStalls);
    }

    /** Runs from construction; after a {@link #stop()}, follows the log again. */
    @Override
    public synchronized void start() {
        if (!running) {
            startThreads();
        }
    }

    /**
     * Stops following the log and ends every subscription ({@code "shutdown"}: subscribers resume
     * elsewhere by {@code Last-Event-ID}). Runs in the first shutdown phase, before the web server's
     * graceful shutdown (which would otherwise wait for these endless answers) and before the Redis
     * connection the log reads from is stopped.
     */
    @Override
    public synchronized void stop() {
        running = false;
        follower.interrupt();
        watcher.interrupt();
        for (Subscription subscription : subscribers) {
            end(subscription, "shutdown");
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    public EventLog log() {
        return eventLog;
    }

    /** The next events after {@code position} for one subscriber: at most a batch, bounded in events and bytes. */
    List<LoggedEvent> batchAfter(LogId position) {
        return eventLog.after(position, batchEvents, batchBytes);
    }

    /** A number that changes whenever the log may have grown; pass it to {@link #awaitNews}. */
    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the log may have grown since {@code seen} or the subscription ended (else the wait ran out) */
    boolean awaitNews(long seen, long waitMillis, Subscription subscription) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        lock.lock();
        try {
            while (version == seen && subscription.ended() == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                news.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return the log id, or null for a duplicate; see {@link EventLog#append} */
    public String append(NewEvent event) {
        String id = eventLog.append(event);
        if (id != null) {
            wake();
        }
        return id;
    }

    /**
     * Registers a live subscriber, within the caller's cap.
     *
     * @return null when the caller already holds its maximum of subscriptions on this replica, or the
     *     replica holds its maximum of all callers' ({@link #full()} tells which)
     */
    public Subscription subscribe(String caller, EventFilter filter) {
        if (open.incrementAndGet() > maxSubscribers) {
            open.decrementAndGet();
            return null;
        }
        boolean[] admitted = {false};
        perCaller.compute(caller, (name, held) -> {
            int now = held == null ? 0 : held;
            admitted[0] = now < maxPerCaller;
            return admitted[0] ? now + 1 : held;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return null;
        }
        Subscription subscription = new Subscription(caller, filter);
        subscribers.add(subscription);
        if (!running) {
            end(subscription, "shutdown");
        }
        return subscription;
    }

    /** Callers holding a subscription on this replica now (what the per-caller count keeps). */
    int callersSubscribed() {
        return perCaller.size();
    }

    /** Whether this replica holds its maximum of subscriptions ({@code gateway.events.max-subscribers}). */
    public boolean full() {
        return open.get() >= maxSubscribers;
    }

    public void unsubscribe(Subscription subscription) {
        if (subscribers.remove(subscription)) {
            open.decrementAndGet();
            perCaller.computeIfPresent(subscription.caller(), (name, held) -> held > 1 ? held - 1 : null);
        }
    }

    /**
     * Ends a subscription once, however it ended: its slot and the events it holds are released at
     * once (also while its writer is still blocked in a write), its end is told (the audit line), and
     * a drop ({@code stalled}, {@code overflowed}) is counted.
     *
     * @return whether this call ended it
     */
    boolean end(Subscription subscription, String outcome) {
        if (!subscription.end(outcome)) {
            return false;
        }
        unsubscribe(subscription);
        if ("stalled".equals(outcome)) {
            stalled.increment();
        } else if ("overflowed".equals(outcome)) {
            overflowed.increment();
        }
        lock.lock();
        try {
            news.signalAll(); // its writer, if waiting, stops at once
        } finally {
            lock.unlock();
        }
        return true;
    }

    /**
     * Drops subscribers whose write to the client has made no progress for {@code stall-timeout}
     * (the client stopped reading and its connection's buffers are full). A blocked servlet write
     * cannot be interrupted (the container ends it on its own connection timeout), so the slot and
     * the held batch are released from here; the writer stops as soon as its write returns.
     */
    private void watchStalls() {
        long tick = Math.clamp(stallNanos / 4_000_000, 20, 250);
        while (running) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException stopping) {
                return;
            }
            long now = System.nanoTime();
            for (Subscription subscription : subscribers) {
                if (subscription.stalledFor(stallNanos, now)) {
                    end(subscription, "stalled");
                }
            }
        }
    }

    public void bindTo(MeterRegistry meters) {
        Gauge.builder("gateway.events.subscribers", subscribers, Set::size).description("Open event subscriptions on this replica")
                .register(meters);
        Gauge.builder("gateway.events.subscribers.buffered", subscribers,
                        all -> all.stream().mapToLong(Subscription::buffered).sum())
                .description("Events read from the log for this replica's subscribers and not yet written to them").register(meters);
        Gauge.builder("gateway.events.subscribers.buffered.bytes", subscribers, EventStream::bufferedBytes).baseUnit("bytes")
                .description("Memory those events take; at most gateway.events.subscriber-buffer-bytes (or one event) per subscriber")
                .register(meters);
        Gauge.builder("gateway.events.subscribers.lag", this, EventStream::lagSeconds).baseUnit("seconds")
                .description("Largest lag of this replica's subscribers: the time between the log's newest event and the last one "
                        + "each subscriber was written (or skipped); grows when a subscriber reads slower than events come").register(meters);
        FunctionCounter.builder("gateway.events.subscribers.dropped", stalled, LongAdder::sum).tag("reason", "stalled")
                .description("Subscribers dropped (they resume by id): a write stalled for gateway.events.stall-timeout, "
                        + "or their position left the log's retention").register(meters);
        FunctionCounter.builder("gateway.events.subscribers.dropped", overflowed, LongAdder::sum).tag("reason", "overflowed")
                .description("Subscribers dropped (they resume by id): a write stalled for gateway.events.stall-timeout, "
                        + "or their position left the log's retention").register(meters);
    }

    /**
     * The largest lag of this replica's subscribers, in seconds: between the log's newest id and each one's
     * position (ids are append times in ms), so also what sits in a connection's buffers unread, which the
     * buffered gauges do not see; 0 with none behind, NaN while the log cannot be read.
     */
    double lagSeconds() {
        LogId head;
        try {
            head = eventLog.last();
        } catch (EventLogUnavailableException unavailable) {
            return Double.NaN;
        }
        long lagMillis = 0;
        for (Subscription subscription : subscribers) {
            LogId position = subscription.position();
            if (head != null && position != null && head.compareTo(position) > 0) {
                lagMillis = Math.max(lagMillis, head.millis() - position.millis());
            }
        }
        return lagMillis / 1000.0;
    }

    static double bufferedBytes(Set<Subscription> subscribers) {
        return subscribers.stream().mapToLong(Subscription::bufferedBytes).sum();
    }

    /** Bytes held for this replica's subscribers now (see the gauge). */
    long bufferedBytes() {
        return (long) bufferedBytes(subscribers);
    }

    private void wake() {
        lock.lock();
        try {
            woken = true;
            version++;
            appended.signalAll();
            news.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes the writers when the log's newest id moves while this replica appended nothing (another
     * replica did): this replica's appends wake them at once, and they then read everything new.
     */
    private void follow() {
        LogId seen = null;
        while (running) {
            try {
                LogId last = eventLog.last();
                if (last != null && !last.equals(seen)) {
                    seen = last;
                    wake();
                }
                while (await(poll)) {
                    // woken by this replica's appends: the writers were woken too
                }
            } catch (EventLogUnavailableException unavailable) {
                log.warn("The event log cannot be read ({}); live subscribers wait", unavailable.getCause().toString());
                sleepQuietly(poll.multipliedBy(10));
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException unexpected) {
                log.error("Following the event log failed; retrying", unexpected);
                sleepQuietly(poll.multipliedBy(10));
            }
        }
    }

    /** @return whether woken by an append (else the wait ran out) */
    private boolean await(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            boolean byAppend = woken || appended.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            woken = false;
            return byAppend;
        } finally {
            lock.unlock();
        }
    }

    private void sleepQuietly(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
