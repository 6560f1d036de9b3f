package dev.intercomgateway.events;

import java.util.List;

/**
 * The log of Intercom's notifications, oldest first, bounded by age and length. Implementations: a
 * Redis Stream shared by every replica ({@link RedisEventLog}) or one replica's memory
 * ({@link MemoryEventLog}).
 */
public interface EventLog {

    /**
     * Appends the event unless one with the same notification id was appended within the retention
     * (Intercom's retries, the same notification reaching two replicas).
     *
     * @return the new event's log id, or null for a duplicate
     * @throws EventLogUnavailableException when the event could not be kept
     */
    String append(NewEvent event);

    /**
     * Up to {@code limit} events after the given id (exclusive), oldest first; from the oldest
     * retained one when {@code after} is null.
     *
     * @throws EventLogUnavailableException when the log cannot be read
     */
    List<LoggedEvent> after(LogId after, int limit);

    /**
     * Whether every event after this id is still in the log: false when some may have been dropped
     * (by age or length) or the log was emptied since (a restart of the in-memory log).
     */
    default boolean resumableAfter(LogId after) {
        Window window = window();
        if (window.last() == null) {
            return false;
        }
        if (after.equals(window.last())) {
            return true;
        }
        if (window.oldest() == null || after.compareTo(window.oldest()) < 0 || after.compareTo(window.last()) > 0) {
            return false;
        }
        return after.compareTo(window.oldest()) > 0 || contains(after);
    }

    /** Whether this exact id is in the log. */
    boolean contains(LogId id);

    /** The retained window and its size. */
    Window window();

    /**
     * @param oldest The oldest retained event's id, null when none is retained.
     * @param last The newest id ever appended, even if dropped since; null when none.
     * @param length Events retained.
     */
    record Window(LogId oldest, LogId last, long length) {
    }
}
