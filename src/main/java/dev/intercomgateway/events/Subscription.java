package dev.intercomgateway.events;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber: the topics it asked for and the scopes it holds. It holds no queue of events: its
 * writer reads the log from its own position, a bounded batch at a time (at most
 * {@code gateway.events.subscriber-buffer} events and {@code subscriber-buffer-bytes}), so a
 * subscriber that stops reading holds one batch at most; once its position leaves the log's
 * retention it is dropped and resumes by id.
 */
public final class Subscription {

    private final String caller;
    private final EventFilter filter;
    private final AtomicLong heldEvents = new AtomicLong();
    private final AtomicLong heldBytes = new AtomicLong();

    Subscription(String caller, EventFilter filter) {
        this.caller = caller;
        this.filter = filter;
    }

    public String caller() {
        return caller;
    }

    /** Whether this subscriber asked for the event's topic and may read its object. */
    public boolean wants(LoggedEvent event) {
        return filter.accepts(event);
    }

    /** Its writer read this event from the log and holds it until written. */
    void hold(LoggedEvent event) {
        heldEvents.incrementAndGet();
        heldBytes.addAndGet(event.weight());
    }

    /** Its writer wrote or skipped this event and no longer holds it. */
    void release(LoggedEvent event) {
        heldEvents.decrementAndGet();
        heldBytes.addAndGet(-event.weight());
    }

    /** Events read from the log for this subscriber and not yet written to it. */
    long buffered() {
        return heldEvents.get();
    }

    /** Their bytes, by {@link LoggedEvent#weight()}. */
    long bufferedBytes() {
        return heldBytes.get();
    }
}
