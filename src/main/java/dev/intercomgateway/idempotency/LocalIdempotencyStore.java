package dev.intercomgateway.idempotency;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.util.unit.DataSize;

/**
 * Idempotency outcomes in this replica's memory, bounded in time and in bytes: an outcome weighs
 * its body and headers, so a few large answers (a conversation with all its parts) cannot fill
 * the heap the way a count of entries would let them.
 */
public class LocalIdempotencyStore implements IdempotencyStore {

    /** What an entry costs besides its body: key, fingerprint, headers, the objects around them. */
    static final int ENTRY_OVERHEAD_BYTES = 512;

    private final Cache<String, Entry> entries;

    public LocalIdempotencyStore(Duration ttl, DataSize maxMemory) {
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumWeight(maxMemory.toBytes())
                .weigher((String key, Entry entry) -> weight(entry))
                .build();
    }

    static int weight(Entry entry) {
        StoredResponse response = entry.outcome().getNow(null);
        if (response == null) {
            return ENTRY_OVERHEAD_BYTES;
        }
        int headers = response.headers().entrySet().stream().mapToInt(h -> h.getKey().length() + h.getValue().length()).sum();
        return ENTRY_OVERHEAD_BYTES + headers + response.body().length;
    }

    @Override
    public Entry claim(String key, String fingerprint) {
        Entry mine = new Entry(fingerprint, new CompletableFuture<>());
        Entry existing = entries.asMap().putIfAbsent(key, mine);
        return existing;
    }

    @Override
    public void complete(String key, StoredResponse response) {
        Entry entry = entries.getIfPresent(key);
        if (entry != null) {
            entry.outcome().complete(response);
            // Put again so the cache weighs the entry with its body (waiters keep the same future).
            entries.asMap().replace(key, entry, new Entry(entry.fingerprint(), entry.outcome()));
        }
    }

    long weightedSize() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    @Override
    public void release(String key) {
        Entry entry = entries.asMap().remove(key);
        if (entry != null) {
            entry.outcome().complete(null);
        }
    }
}
