package dev.intercomgateway.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log and its live subscribers in this replica. One thread follows the log (woken at once by
 * this replica's appends, polling for other replicas') and hands each new event to every
 * subscriber's bounded buffer; each subscriber writes its own buffer out on its own thread.
 */
public class EventStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final int BATCH = 500;

    private final EventLog eventLog;
    private final Duration poll;
    private final int bufferSize;
    private final int maxPerCaller;
    private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private volatile boolean running = true;
    private boolean woken;
    private final Thread follower;

    public EventStream(EventLog eventLog, EventLogProperties properties) {
        this.eventLog = eventLog;
        this.poll = properties.poll();
        this.bufferSize = properties.subscriberBuffer();
        this.maxPerCaller = properties.maxSubscriptionsPerCaller();
        this.follower = Thread.ofVirtual().name("event-log-follower").start(this::follow);
    }

    public EventLog log() {
        return eventLog;
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
     * @return null when the caller already holds its maximum of subscriptions on this replica
     */
    public Subscription subscribe(String caller, EventFilter filter) {
        AtomicInteger open = perCaller.computeIfAbsent(caller, name -> new AtomicInteger());
        if (open.incrementAndGet() > maxPerCaller) {
            open.decrementAndGet();
            return null;
        }
        Subscription subscription = new Subscription(caller, filter, bufferSize);
        subscribers.add(subscription);
        return subscription;
    }

    public void unsubscribe(Subscription subscription) {
        if (subscribers.remove(subscription)) {
            perCaller.get(subscription.caller()).decrementAndGet();
        }
    }

    public void bindTo(MeterRegistry meters) {
        Gauge.builder("gateway.events.subscribers", subscribers, Set::size).description("Open event subscriptions on this replica")
                .register(meters);
        Gauge.builder("gateway.events.subscribers.buffered", subscribers,
                        all -> all.stream().mapToInt(Subscription::buffered).sum())
                .description("Events handed to this replica's subscribers and not yet written to them (their lag)").register(meters);
    }

    private void wake() {
        lock.lock();
        try {
            woken = true;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void follow() {
        LogId cursor = null;
        boolean started = false;
        while (running) {
            try {
                if (!started) {
                    cursor = eventLog.window().last();
                    started = true;
                }
                List<LoggedEvent> batch = eventLog.after(cursor, BATCH);
                for (LoggedEvent event : batch) {
                    subscribers.forEach(subscriber -> subscriber.offer(event));
                    cursor = event.logId();
                }
                if (batch.size() < BATCH) {
                    await(poll);
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

    private void await(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            if (!woken) {
                appended.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            woken = false;
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
        running = false;
        follower.interrupt();
    }
}
