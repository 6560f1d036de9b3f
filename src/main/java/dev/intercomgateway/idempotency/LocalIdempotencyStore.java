package dev.intercomgateway.idempotency;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.unit.DataSize;

/**
 * Idempotency outcomes in this replica's memory, bounded in time and in bytes: an outcome weighs
 * its body and headers, so a few large answers cannot fill the heap the way a count of entries would
 * let them.
 *
 * <p>Nothing leaves before its ttl. Each caller has a quota: an outcome that does not fit in what is
 * left of it is kept without its body (performed, not replayable; a repeat is told so and not
 * performed again), and once a caller's keys alone fill its quota its new keyed writes are refused.
 * {@code max-memory} bounds all callers together the same way, refusing new keys rather than
 * dropping anyone's outcome; the quota it is given is sized so that the configured callers and the
 * shared account of JWT and anonymous callers ({@link QuotaAccounts}) together fit in it (see
 * {@link IdempotencyProperties#effectiveCallerQuota}), so no caller set can fill it for the others. Dropping the oldest outcomes instead (as a general-purpose cache would)
 * is what lets one caller's flood make another caller's retry run twice.
 */
public class LocalIdempotencyStore implements IdempotencyStore, MeterBinder {

    /** What an entry costs besides its body: key, fingerprint, headers, the objects around them. */
    static final int ENTRY_OVERHEAD_BYTES = 512;

    private final long ttlNanos;
    private final long callerQuota;
    private final long maxBytes;
    private final LongSupplier nanoTime;

    /** In the order the entries were last written (claimed, then completed): oldest first, so expiry reads from the front. */
    private final LinkedHashMap<String, Held> entries = new LinkedHashMap<>();
    private final Map<String, Long> bytesByCaller = new HashMap<>();
    private long heldBytes;
    private long notKept;
    private long refused;

    /** {@code account}: whose quota the entry counts against ({@link QuotaAccounts}). */
    private record Held(String account, String token, Entry entry, long writtenAt, int weight) {
    }

    public LocalIdempotencyStore(Duration ttl, DataSize callerQuota, DataSize maxMemory) {
        this(ttl, callerQuota, maxMemory, System::nanoTime);
    }

    LocalIdempotencyStore(Duration ttl, DataSize callerQuota, DataSize maxMemory, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.callerQuota = callerQuota.toBytes();
        this.maxBytes = maxMemory.toBytes();
        this.nanoTime = nanoTime;
    }

    private static String id(String caller, String key) {
        return caller + ":" + key;
    }

    @Override
    public synchronized Claimed claim(String caller, String key, String fingerprint) {
        long now = nanoTime.getAsLong();
        dropExpired(now);
        Held existing = entries.get(id(caller, key));
        if (existing != null) {
            return Claimed.taken(existing.entry());
        }
        String account = QuotaAccounts.of(caller);
        if (callerBytes(account) + ENTRY_OVERHEAD_BYTES > callerQuota) {
            refused++;
            throw new IdempotencyQuotaExceededException("This caller's stored Idempotency-Key outcomes fill its quota "
                    + "(gateway.idempotency.caller-quota); keyed writes are refused until the oldest expire", false, untilOldestExpires(account, now));
        }
        if (heldBytes + ENTRY_OVERHEAD_BYTES > maxBytes) {
            refused++;
            throw new IdempotencyQuotaExceededException("The store of Idempotency-Key outcomes is full (gateway.idempotency.max-memory); "
                    + "keyed writes are refused until the oldest expire", true, untilOldestExpires(null, now));
        }
        Claim claim = new Claim(caller, key, UUID.randomUUID().toString());
        put(id(caller, key), new Held(account, claim.token(), new Entry(fingerprint, new CompletableFuture<>()), now, ENTRY_OVERHEAD_BYTES));
        return Claimed.owned(claim);
    }

    @Override
    public boolean complete(Claim claim, StoredResponse response) {
        synchronized (this) {
            String id = id(claim.caller(), claim.key());
            Held held = entries.get(id);
            if (held == null || !held.token().equals(claim.token())) {
                return false;
            }
            remove(id);
            StoredResponse kept = response;
            int weight = ENTRY_OVERHEAD_BYTES + response.weight();
            if (callerBytes(held.account()) + weight > callerQuota || heldBytes + weight > maxBytes) {
                kept = StoredResponse.notKept(response.status(), StoredResponse.NotKept.OVER_QUOTA);
                weight = ENTRY_OVERHEAD_BYTES;
            }
            if (!kept.replayable()) {
                notKept++;
            }
            held.entry().outcome().complete(kept);
            // Written again: the entry moves to the young end and is weighed with its body.
            put(id, new Held(held.account(), null, held.entry(), nanoTime.getAsLong(), weight));
            return true;
        }
    }

    @Override
    public boolean release(Claim claim) {
        Held held;
        synchronized (this) {
            String id = id(claim.caller(), claim.key());
            held = entries.get(id);
            if (held == null || !claim.token().equals(held.token())) {
                return false;
            }
            remove(id);
        }
        held.entry().outcome().complete(null);
        return true;
    }

    synchronized long weightedSize() {
        return heldBytes;
    }

    synchronized long weightedSize(String caller) {
        return callerBytes(QuotaAccounts.of(caller));
    }

    synchronized long notKept() {
        return notKept;
    }

    synchronized long refused() {
        return refused;
    }

    /** Ops see how full the store is, how many outcomes were kept without their answer and how many keyed writes were refused. */
    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("gateway.idempotency.memory.used", this, LocalIdempotencyStore::weightedSize).baseUnit("bytes")
                .description("Memory the idempotency outcomes kept in this replica take, bodies counted").register(meters);
        Gauge.builder("gateway.idempotency.memory.max", () -> maxBytes).baseUnit("bytes")
                .description("gateway.idempotency.max-memory").register(meters);
        FunctionCounter.builder("gateway.idempotency.dropped", this, LocalIdempotencyStore::notKept)
                .description("Idempotency outcomes kept without their answer (over the caller's quota or max-memory): a repeat gets 409, not a replay")
                .register(meters);
        FunctionCounter.builder("gateway.idempotency.refused", this, LocalIdempotencyStore::refused)
                .description("Keyed writes refused because the caller's quota (429) or the whole store (503) was full").register(meters);
    }

    private long callerBytes(String account) {
        return bytesByCaller.getOrDefault(account, 0L);
    }

    private void put(String id, Held held) {
        entries.put(id, held);
        heldBytes += held.weight();
        bytesByCaller.merge(held.account(), (long) held.weight(), Long::sum);
    }

    private Held remove(String id) {
        Held held = entries.remove(id);
        if (held != null) {
            forget(held);
        }
        return held;
    }

    private void forget(Held held) {
        heldBytes -= held.weight();
        bytesByCaller.computeIfPresent(held.account(), (account, bytes) -> bytes == held.weight() ? null : bytes - held.weight());
    }

    private void dropExpired(long now) {
        for (Iterator<Held> oldestFirst = entries.values().iterator(); oldestFirst.hasNext();) {
            Held held = oldestFirst.next();
            if (now - held.writtenAt() < ttlNanos) {
                return;
            }
            oldestFirst.remove();
            forget(held);
            // Claimed longer ago than the whole replay window and never finished: let waiters go on.
            held.entry().outcome().complete(null);
        }
    }

    /** How long until the oldest entry of {@code account} (of anyone, if null) expires and frees its room. */
    private Duration untilOldestExpires(String account, long now) {
        for (Held held : entries.values()) {
            if (account == null || held.account().equals(account)) {
                return Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), held.writtenAt() + ttlNanos - now));
            }
        }
        return Duration.ofSeconds(1);
    }
}
