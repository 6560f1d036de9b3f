package dev.intercomgateway.idempotency;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.unit.DataSize;

/**
 * Idempotency outcomes in this replica's memory, bounded in time and in bytes: an outcome weighs
 * its body and headers, so a few large answers (a conversation with all its parts) cannot fill
 * the heap the way a count of entries would let them.
 *
 * <p>Over the bound the oldest outcomes go first and requests still in flight are never dropped.
 * A general-purpose cache does not promise that (Caffeine's admission policy may turn away the
 * newest entry), and losing the outcome of the write that just finished is exactly what makes its
 * retry run twice.
 */
public class LocalIdempotencyStore implements IdempotencyStore, MeterBinder {

    /** What an entry costs besides its body: key, fingerprint, headers, the objects around them. */
    static final int ENTRY_OVERHEAD_BYTES = 512;

    private final long ttlNanos;
    private final long maxBytes;
    private final LongSupplier nanoTime;

    /** In the order the entries were last written (claimed, then completed): oldest first. */
    private final LinkedHashMap<String, Held> entries = new LinkedHashMap<>();
    private long heldBytes;
    private long droppedForRoom;

    private record Held(Entry entry, long writtenAt, int weight) {

        boolean inFlight() {
            return !entry.outcome().isDone();
        }
    }

    public LocalIdempotencyStore(Duration ttl, DataSize maxMemory) {
        this(ttl, maxMemory, System::nanoTime);
    }

    LocalIdempotencyStore(Duration ttl, DataSize maxMemory, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.maxBytes = maxMemory.toBytes();
        this.nanoTime = nanoTime;
    }

    private static int weight(Entry entry) {
        StoredResponse response = entry.outcome().getNow(null);
        if (response == null) {
            return ENTRY_OVERHEAD_BYTES;
        }
        int headers = response.headers().entrySet().stream().mapToInt(h -> h.getKey().length() + h.getValue().length()).sum();
        return ENTRY_OVERHEAD_BYTES + headers + response.body().length;
    }

    @Override
    public synchronized Entry claim(String key, String fingerprint) {
        long now = nanoTime.getAsLong();
        dropExpired(now);
        Held existing = entries.get(key);
        if (existing != null) {
            return existing.entry();
        }
        put(key, new Entry(fingerprint, new CompletableFuture<>()), now);
        return null;
    }

    @Override
    public void complete(String key, StoredResponse response) {
        Entry entry;
        synchronized (this) {
            Held held = remove(key);
            if (held == null) {
                return;
            }
            entry = held.entry();
            entry.outcome().complete(response);
            // Written again: the entry moves to the young end and is weighed with its body.
            put(key, entry, nanoTime.getAsLong());
            dropOldestCompletedOverBound();
        }
    }

    @Override
    public void release(String key) {
        Held held;
        synchronized (this) {
            held = remove(key);
        }
        if (held != null) {
            held.entry().outcome().complete(null);
        }
    }

    synchronized long weightedSize() {
        return heldBytes;
    }

    synchronized long droppedForRoom() {
        return droppedForRoom;
    }

    /** Ops see how full the store is and whether outcomes leave it before their ttl (max-memory too small). */
    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("gateway.idempotency.memory.used", this, LocalIdempotencyStore::weightedSize).baseUnit("bytes")
                .description("Memory the idempotency outcomes kept in this replica take, bodies counted").register(meters);
        Gauge.builder("gateway.idempotency.memory.max", () -> maxBytes).baseUnit("bytes")
                .description("gateway.idempotency.max-memory").register(meters);
        FunctionCounter.builder("gateway.idempotency.dropped", this, LocalIdempotencyStore::droppedForRoom)
                .description("Idempotency outcomes dropped before their ttl to stay within max-memory").register(meters);
    }

    private void put(String key, Entry entry, long now) {
        Held held = new Held(entry, now, weight(entry));
        entries.put(key, held);
        heldBytes += held.weight();
    }

    private Held remove(String key) {
        Held held = entries.remove(key);
        if (held != null) {
            heldBytes -= held.weight();
        }
        return held;
    }

    private void dropExpired(long now) {
        for (Iterator<Held> oldestFirst = entries.values().iterator(); oldestFirst.hasNext();) {
            Held held = oldestFirst.next();
            if (now - held.writtenAt() < ttlNanos) {
                return;
            }
            oldestFirst.remove();
            heldBytes -= held.weight();
            // Claimed longer ago than the whole replay window and never finished: let waiters go on.
            held.entry().outcome().complete(null);
        }
    }

    private void dropOldestCompletedOverBound() {
        for (Iterator<Held> oldestFirst = entries.values().iterator(); heldBytes > maxBytes && oldestFirst.hasNext();) {
            Held held = oldestFirst.next();
            if (!held.inFlight()) {
                oldestFirst.remove();
                heldBytes -= held.weight();
                droppedForRoom++;
            }
        }
    }
}
