package dev.intercomgateway.events;

import java.util.ArrayList;
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
     * Like {@link #after(LogId, int)}, but stops once the events read take {@code maxBytes} (by
     * {@link LoggedEvent#weight()}); always at least one event when one follows. This default reads
     * a small chunk first, then chunks sized by the bytes left and the mean size so far, so that
     * about {@code maxBytes} (plus what one event more than the mean takes) is held at most.
     */
    default List<LoggedEvent> after(LogId after, int limit, long maxBytes) {
        List<LoggedEvent> page = new ArrayList<>();
        long bytes = 0;
        LogId position = after;
        while (page.size() < limit && bytes < maxBytes) {
            // the first chunk is small; the next ones as large as the bytes left allow by the events' mean size
            int fit = page.isEmpty() ? CHUNK : (int) Math.min(500, Math.max(1, (maxBytes - bytes) / Math.max(1, bytes / page.size())));
            int want = Math.min(fit, limit - page.size());
            List<LoggedEvent> chunk = after(position, want);
            for (LoggedEvent event : chunk) {
                if (bytes >= maxBytes) {
                    return page;
                }
                page.add(event);
                bytes += event.weight();
                position = event.logId();
            }
            if (chunk.size() < want) {
                break;
            }
        }
        return page;
    }

    /** {@code 0-0}: the position before any event, "from the start". */
    LogId BEFORE_ANY = new LogId(0, 0);

    /** Events read at once by {@link #after(LogId, int, long)}. */
    int CHUNK = 8;

    /**
     * Whether every event after this id is still in the log: false when one after it was dropped
     * (by age or length), when the id is unknown to this log (newer than any appended, or from
     * before a restart of the in-memory log). An id that was itself dropped, with nothing after it
     * dropped (a subscriber caught up before a quiet spell longer than the retention), is resumable.
     */
    default boolean resumableAfter(LogId after) {
        Window window = window();
        if (after.equals(BEFORE_ANY) && (window.last() == null || BEFORE_ANY.equals(window.trimmed()))) {
            return true;
        }
        if (window.last() == null || after.compareTo(window.last()) > 0) {
            // no event lies after it, so none after it can have been dropped, unless it is older than what this log lost
            // (the in-memory log's start: an id from before a restart)
            return window.trimmed() == null || after.compareTo(window.trimmed()) >= 0;
        }
        if (window.trimmed() != null) {
            return after.compareTo(window.trimmed()) >= 0;
        }
        if (after.equals(window.last())) {
            return true;
        }
        if (window.oldest() == null || after.compareTo(window.oldest()) < 0) {
            return after.equals(window.resumeAfter()); // what a 410 advises: no id lies between it and the oldest
        }
        return after.compareTo(window.oldest()) > 0 || contains(after);
    }

    /**
     * Whether a caller receiving what {@code filter} accepts can resume after this id without missing
     * an event it would have received: when every event after it is retained
     * ({@link #resumableAfter(LogId)}), or, for an id this log handed out, when no event of a kind
     * the filter accepts and newer than the id may have been dropped ({@link #kinds()}). It then
     * resumes at the oldest retained event after the id. Never true when such an event may be lost.
     */
    default boolean resumableAfter(LogId after, EventFilter filter) {
        if (resumableAfter(after)) {
            return true;
        }
        LogId last = last();
        if (last == null || after.compareTo(last) > 0) {
            return false;
        }
        Kinds kinds = kinds();
        return kinds != null && !kinds.mayHaveDroppedAfter(after, filter);
    }

    /**
     * Where a resume that {@link #resumableAfter(LogId, EventFilter)} allowed goes on from: the id itself,
     * or, for an id later than the newest appended (a clock ahead, within the tolerance), the newest
     * appended, so that the next event appended is delivered whatever its id.
     *
     * @param last {@link #last()}
     */
    static LogId resumeFrom(LogId after, LogId last) {
        return after != null && (last == null || after.compareTo(last) > 0) ? last : after;
    }

    /** What the log knows of the kinds of events it may have dropped; null when it knows nothing (any may have been). */
    default Kinds kinds() {
        return null;
    }

    /**
     * For each kind of event (topic and the scopes it needs), the newest id of that kind that may
     * have been dropped: exact for the in-memory log, the newest appended for Redis (which cannot
     * tell cheaply what it trimmed).
     *
     * @param newest by {@link #kind(String, Set)}
     * @param unknown the newest id that may have been dropped with its kind unknown (kinds past the
     *     cap of {@link #MAX_KINDS}, events from before a restart or before kinds were recorded);
     *     {@code 0-0} when none; every filter is taken to accept it
     */
    record Kinds(java.util.Map<String, LogId> newest, LogId unknown) {

        public boolean mayHaveDroppedAfter(LogId after, EventFilter filter) {
            if (unknown.compareTo(after) > 0) {
                return true;
            }
            for (java.util.Map.Entry<String, LogId> kind : newest.entrySet()) {
                if (kind.getValue().compareTo(after) > 0) {
                    int space = kind.getKey().indexOf(' ');
                    String topic = space < 0 ? kind.getKey() : kind.getKey().substring(0, space);
                    java.util.Set<String> scopes = space < 0 || space == kind.getKey().length() - 1 ? java.util.Set.of()
                            : java.util.Set.of(kind.getKey().substring(space + 1).split(" "));
                    if (filter.accepts(topic, scopes)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Kinds recorded at most; the events of any other kind count as {@link Kinds#unknown()}. */
    int MAX_KINDS = 1000;

    /** A kind's key: the topic, a space, the scopes it needs sorted and separated by spaces. */
    static String kind(String topic, java.util.Set<String> scopes) {
        return topic + " " + String.join(" ", new java.util.TreeSet<>(scopes));
    }

    /** The newest id ever appended, null when none; as {@link Window#last()}, maybe cheaper. */
    default LogId last() {
        return window().last();
    }

    /** How often a subscriber's writer asks {@link #resumableAfter} (nanoseconds): every read when it is cheap. */
    default long resumeCheckNanos() {
        return 0;
    }

    /** Whether this exact id is in the log. */
    boolean contains(LogId id);

    /** The retained window and its size. */
    Window window();

    /**
     * @param oldest The oldest retained event's id, null when none is retained.
     * @param last The newest id ever appended, even if dropped since; null when none.
     * @param length Events retained.
     * @param trimmed The newest id that may have been dropped: every event after it is retained.
     *     Null when the store cannot tell (Redis before 7.0, which lacks XINFO's max-deleted-entry-id).
     */
    record Window(LogId oldest, LogId last, long length, LogId trimmed) {

        /**
         * The id to resume after so that the oldest retained event is delivered first: the id just
         * before it (ids are {@code <ms>-<seq>}); when none is retained, the last id appended, or, when
         * none was, what the log lost ({@code trimmed}: the in-memory log's start). Null when it knows none.
         */
        public LogId resumeAfter() {
            if (oldest == null) {
                return last != null ? last : trimmed;
            }
            return oldest.sequence() > 0 ? new LogId(oldest.millis(), oldest.sequence() - 1)
                    : new LogId(oldest.millis() - 1, Long.MAX_VALUE);
        }
    }
}
