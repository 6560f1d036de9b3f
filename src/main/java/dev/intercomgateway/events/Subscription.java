package dev.intercomgateway.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One subscriber: the topics it asked for and the scopes it holds. It holds no queue of events: its
 * writer reads the log from its own position, a bounded batch at a time (at most
 * {@code gateway.events.subscriber-buffer} events and {@code subscriber-buffer-bytes}), held here
 * until written. A subscriber is dropped (its slot and batch released at once, see
 * {@link EventStream#end}) when one write to it stalls for {@code gateway.events.stall-timeout} or
 * its position leaves the log's retention; it then resumes by id.
 */
public final class Subscription {

    private final String caller;
    private final EventFilter filter;
    private final Deque<LoggedEvent> held = new ArrayDeque<>();
    private long heldEvents;
    private long heldBytes;
    private long written;
    /** {@link System#nanoTime()} when the write in progress began; 0 between writes. */
    private volatile long writingSince;
    private volatile String ended;
    /** The newest log position its writer has written or skipped; null before it read any (an empty log). */
    private volatile LogId position;
    private volatile Consumer<String> onEnd = outcome -> { };

    Subscription(String caller, EventFilter filter) {
        this.caller = caller;
        this.filter = filter;
    }

    public String caller() {
        return caller;
    }

    EventFilter filter() {
        return filter;
    }

    /** Whether this subscriber asked for the event's topic and may read its object. */
    public boolean wants(LoggedEvent event) {
        return filter.accepts(event);
    }

    /** Runs once when the subscription ends, with how it ended (the audit line). */
    void onEnd(Consumer<String> action) {
        this.onEnd = action;
    }

    /** Its writer read these events from the log and holds them until written. */
    synchronized void hold(List<LoggedEvent> batch) {
        if (ended != null) {
            return;
        }
        for (LoggedEvent event : batch) {
            held.addLast(event);
            heldEvents++;
            heldBytes += event.weight();
        }
    }

    /** The next held event, still counted as held until {@link #release}; null when none (or ended). */
    synchronized LoggedEvent next() {
        return held.pollFirst();
    }

    /** Its writer wrote or skipped this event and no longer holds it. */
    synchronized void release(LoggedEvent event) {
        if (ended == null) {
            heldEvents--;
            heldBytes -= event.weight();
        }
    }

    synchronized void sent() {
        written++;
    }

    /** Events written to it. */
    synchronized long written() {
        return written;
    }

    /** Events read from the log for this subscriber and not yet written to it. */
    synchronized long buffered() {
        return heldEvents;
    }

    /** Their bytes, by {@link LoggedEvent#weight()}. */
    synchronized long bufferedBytes() {
        return heldBytes;
    }

    /** Its writer has written or skipped every event up to this position. */
    void at(LogId position) {
        this.position = position;
    }

    /** See {@link #at}. */
    LogId position() {
        return position;
    }

    void writing() {
        writingSince = System.nanoTime();
    }

    void wrote() {
        writingSince = 0;
    }

    /** Whether a write began more than {@code nanos} ago and has not returned. */
    boolean stalledFor(long nanos, long now) {
        long since = writingSince;
        return since != 0 && now - since > nanos;
    }

    /** How it ended, null while open. */
    String ended() {
        return ended;
    }

    /** Ends it once: drops what it holds; @return whether this call ended it */
    boolean end(String outcome) {
        synchronized (this) {
            if (ended != null) {
                return false;
            }
            ended = outcome;
            held.clear();
            heldEvents = 0;
            heldBytes = 0;
        }
        onEnd.accept(outcome);
        return true;
    }
}
