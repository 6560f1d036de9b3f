package dev.intercomgateway.events;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The log in this replica's memory: for a single replica only (another replica would keep another
 * log), and lost on restart. Bounded by age, count and bytes; notification ids are remembered for
 * the retention (bounded by count too), to drop Intercom's retries.
 */
public class MemoryEventLog implements EventLog {

    private record Entry(LogId id, LoggedEvent event, long weight) {
    }

    private record Seen(String notificationId, long atMillis) {
    }

    private final Clock clock;
    private final Duration retention;
    private final long maxLength;
    private final long maxBytes;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Deque<Seen> seenOrder = new ArrayDeque<>();
    private final Map<String, Long> seen = new HashMap<>();
    private long bytes;
    private LogId last;
    /** Ids up to this one are lost: dropped since, or appended before this log started (a restart). */
    private LogId trimmed;
    private boolean dropped;
    /** The newest dropped id of each kind of event; see {@link Kinds}. */
    private final Map<String, LogId> droppedByKind = new HashMap<>();
    /** Dropped with a kind not recorded (past {@link #MAX_KINDS}); {@code 0-0} while none. */
    private LogId droppedUnknown = BEFORE_ANY;
    /** What was lost before this log started (another run's events): any id up to it is of unknown kind. */
    private final LogId lostBeforeStart;

    public MemoryEventLog(Clock clock, Duration retention, long maxLength, long maxBytes) {
        this.clock = clock;
        this.retention = retention;
        this.maxLength = maxLength;
        this.maxBytes = maxBytes;
        this.trimmed = new LogId(clock.millis() - 1, Long.MAX_VALUE);
        this.lostBeforeStart = trimmed;
    }

    @Override
    public synchronized String append(NewEvent event) {
        long now = clock.millis();
        expire(now);
        if (seen.containsKey(event.notificationId())) {
            return null;
        }
        seen.put(event.notificationId(), now);
        seenOrder.addLast(new Seen(event.notificationId(), now));
        LogId id = last != null && last.millis() >= now ? new LogId(last.millis(), last.sequence() + 1) : new LogId(now, 0);
        last = id;
        long weight = event.weight();
        entries.addLast(new Entry(id, new LoggedEvent(id.toString(), event.topic(), event.scopes(), event.cloudEvent()), weight));
        bytes += weight;
        while (entries.size() > maxLength || bytes > maxBytes) {
            drop();
        }
        while (seenOrder.size() > 2 * maxLength) {
            forget(seenOrder.removeFirst());
        }
        return id.toString();
    }

    private void expire(long now) {
        long horizon = now - retention.toMillis();
        while (!entries.isEmpty() && entries.peekFirst().id().millis() < horizon) {
            drop();
        }
        while (!seenOrder.isEmpty() && seenOrder.peekFirst().atMillis() < horizon) {
            forget(seenOrder.removeFirst());
        }
    }

    private void drop() {
        Entry dropped = entries.removeFirst();
        bytes -= dropped.weight();
        trimmed = dropped.id();
        this.dropped = true;
        String kind = EventLog.kind(dropped.event().topic(), dropped.event().scopes());
        if (droppedByKind.containsKey(kind) || droppedByKind.size() < MAX_KINDS) {
            droppedByKind.put(kind, dropped.id());
        } else {
            droppedUnknown = dropped.id();
        }
    }

    @Override
    public synchronized Kinds kinds() {
        expire(clock.millis());
        return new Kinds(Map.copyOf(droppedByKind), droppedUnknown.compareTo(lostBeforeStart) > 0 ? droppedUnknown : lostBeforeStart);
    }

    private void forget(Seen oldest) {
        seen.remove(oldest.notificationId(), oldest.atMillis());
    }

    @Override
    public List<LoggedEvent> after(LogId after, int limit) {
        return after(after, limit, Long.MAX_VALUE);
    }

    @Override
    public synchronized List<LoggedEvent> after(LogId after, int limit, long maxBytes) {
        expire(clock.millis());
        Bounded page = new Bounded(limit, maxBytes);
        if (after == null || entries.isEmpty() || after.compareTo(entries.peekFirst().id()) < 0) {
            Iterator<Entry> oldestFirst = entries.iterator();
            while (oldestFirst.hasNext() && page.add(oldestFirst.next())) {
                // takes the next
            }
            return page.events;
        }
        // subscribers mostly ask for the newest few: walk back to the position, then forward from it
        Deque<Entry> tail = new ArrayDeque<>();
        for (Iterator<Entry> newestFirst = entries.descendingIterator(); newestFirst.hasNext(); ) {
            Entry entry = newestFirst.next();
            if (entry.id().compareTo(after) <= 0) {
                break;
            }
            tail.addFirst(entry);
        }
        Iterator<Entry> oldestFirst = tail.iterator();
        while (oldestFirst.hasNext() && page.add(oldestFirst.next())) {
            // takes the next
        }
        return page.events;
    }

    /** A page that takes events until it holds {@code limit} of them or {@code maxBytes}, at least one. */
    private static final class Bounded {
        final List<LoggedEvent> events = new ArrayList<>();
        final int limit;
        final long maxBytes;
        long bytes;

        Bounded(int limit, long maxBytes) {
            this.limit = limit;
            this.maxBytes = maxBytes;
        }

        /** @return whether it takes more */
        boolean add(Entry entry) {
            if (events.size() >= limit || (!events.isEmpty() && bytes >= maxBytes)) {
                return false;
            }
            events.add(entry.event());
            bytes += entry.event().weight();
            return events.size() < limit && bytes < maxBytes;
        }
    }

    /** As {@link EventLog#resumableAfter}; and {@code 0-0}, the position before any event, while this log has dropped none. */
    @Override
    public synchronized boolean resumableAfter(LogId after) {
        if (after.equals(BEFORE_ANY)) {
            expire(clock.millis());
            return !dropped;
        }
        return EventLog.super.resumableAfter(after);
    }

    /**
     * As {@link EventLog#resumableAfter(LogId, EventFilter)}; {@code 0-0} ("from the start" of this log, not an
     * id another run handed out) by the kinds this log dropped, as any other id: a caller whose topics and
     * scopes cover none of them resumes, as it does with the Redis log.
     */
    @Override
    public synchronized boolean resumableAfter(LogId after, EventFilter filter) {
        if (after.equals(BEFORE_ANY)) {
            expire(clock.millis());
            return !dropped || !new Kinds(Map.copyOf(droppedByKind), droppedUnknown).mayHaveDroppedAfter(BEFORE_ANY, filter);
        }
        return EventLog.super.resumableAfter(after, filter);
    }

    @Override
    public synchronized boolean contains(LogId id) {
        expire(clock.millis());
        return entries.stream().anyMatch(entry -> entry.id().equals(id));
    }

    @Override
    public synchronized Window window() {
        expire(clock.millis());
        return new Window(entries.isEmpty() ? null : entries.peekFirst().id(), last, entries.size(), trimmed);
    }
}
