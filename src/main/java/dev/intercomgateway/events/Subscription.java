package dev.intercomgateway.events;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One subscriber's view of the log: the topics it asked for, the scopes it holds, and a bounded
 * buffer of live events not yet written to it. When the buffer is full the subscriber has fallen
 * behind: it is marked overflowed and disconnected, and resumes from the log by its last id.
 */
public final class Subscription {

    private final String caller;
    private final EventFilter filter;
    private final BlockingQueue<LoggedEvent> buffer;
    private volatile boolean overflowed;

    Subscription(String caller, EventFilter filter, int bufferSize) {
        this.caller = caller;
        this.filter = filter;
        this.buffer = new ArrayBlockingQueue<>(bufferSize);
    }

    public String caller() {
        return caller;
    }

    /** Whether this subscriber asked for the event's topic and may read its object. */
    public boolean wants(LoggedEvent event) {
        return filter.accepts(event);
    }

    void offer(LoggedEvent event) {
        if (wants(event) && !buffer.offer(event)) {
            overflowed = true;
        }
    }

    /** The next live event, or null when none came within the wait. */
    LoggedEvent next(long waitMillis) throws InterruptedException {
        return buffer.poll(waitMillis, TimeUnit.MILLISECONDS);
    }

    int buffered() {
        return buffer.size();
    }

    boolean overflowed() {
        return overflowed;
    }
}
