package dev.intercomgateway.intercom.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * This replica's memory: Caffeine, weighed in bytes (bounded by {@code intercom.cache.max-memory}),
 * entries expiring after the TTL. Invalidations reach this replica only.
 */
final class LocalAnswerStore implements AnswerStore {

    /** What an entry costs beyond its body: keys, maps, the record. */
    private static final int OVERHEAD = 256;

    private final Cache<String, Map<String, CachedAnswer>> entries;
    private final Cache<String, Mark> marks;

    private record Mark(long count, long updatedAt) {
    }

    LocalAnswerStore(long maxBytes, Duration ttl, Duration markTtl) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String object, Map<String, CachedAnswer> variants) -> variants.values().stream()
                        .mapToInt(answer -> answer.body().length + OVERHEAD).sum())
                .expireAfterWrite(ttl)
                .build();
        // a mark must outlive any load that read it and any entry it guards; beyond that it is forgotten
        this.marks = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(markTtl).build();
    }

    @Override
    public Optional<CachedAnswer> get(CacheKey key) {
        Map<String, CachedAnswer> variants = entries.getIfPresent(key.object());
        return Optional.ofNullable(variants == null ? null : variants.get(key.variant()));
    }

    @Override
    public long mark(String object) {
        Mark mark = marks.getIfPresent(object);
        return mark == null ? 0 : mark.count();
    }

    @Override
    public synchronized boolean putIfUnchanged(CacheKey key, CachedAnswer answer, long mark, long updatedAt, Duration ttl) {
        Mark now = marks.getIfPresent(key.object());
        if ((now == null ? 0 : now.count()) != mark || (now != null && updatedAt > 0 && updatedAt < now.updatedAt())) {
            return false;
        }
        entries.asMap().compute(key.object(), (object, variants) -> {
            Map<String, CachedAnswer> updated = variants == null ? new HashMap<>() : new HashMap<>(variants);
            updated.put(key.variant(), answer);
            return Map.copyOf(updated);
        });
        return true;
    }

    @Override
    public synchronized void invalidate(String object, long updatedAt) {
        entries.invalidate(object);
        Mark previous = marks.getIfPresent(object);
        marks.put(object, previous == null
                ? new Mark(1, updatedAt)
                : new Mark(previous.count() + 1, Math.max(previous.updatedAt(), updatedAt)));
    }
}
