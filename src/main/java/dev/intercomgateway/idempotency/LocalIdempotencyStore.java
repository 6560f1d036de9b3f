package dev.intercomgateway.idempotency;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** Idempotency outcomes in this replica's memory, bounded in size and time. */
public class LocalIdempotencyStore implements IdempotencyStore {

    private final Cache<String, Entry> entries;

    public LocalIdempotencyStore(Duration ttl, int maxEntries) {
        this.entries = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
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
        }
    }

    @Override
    public void release(String key) {
        Entry entry = entries.asMap().remove(key);
        if (entry != null) {
            entry.outcome().complete(null);
        }
    }
}
