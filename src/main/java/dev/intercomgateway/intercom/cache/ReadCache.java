package dev.intercomgateway.intercom.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.IntercomRejectedException;

/**
 * Reads by id served from {@link AnswerStore} while fresh, and one Intercom call for concurrent
 * misses of one read (single flight, with the cache on or off). Invalidating an object drops its
 * entries, moves its mark on (so that a load already running does not store its older answer) and
 * detaches loads in flight (so that a read after a write never joins a call made before it). A
 * store that fails (Redis down) makes reads go to Intercom, never fail.
 */
public class ReadCache {

    private static final Logger log = LoggerFactory.getLogger(ReadCache.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where an invalidation came from, as the metric tags it. */
    public enum Source {
        WRITE, WEBHOOK;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final AnswerStore store;
    private final boolean enabled;
    private final Duration ttl;
    private final long maxEntrySize;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ConcurrentHashMap<CacheKey, CompletableFuture<CachedAnswer>> flights = new ConcurrentHashMap<>();
    private final Counter saved;
    private final DistributionSummary age;

    ReadCache(AnswerStore store, boolean enabled, Duration ttl, long maxEntrySize, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.enabled = enabled;
        this.ttl = ttl;
        this.maxEntrySize = maxEntrySize;
        this.clock = clock;
        this.meters = meters;
        for (CacheRead.Outcome outcome : CacheRead.Outcome.values()) {
            reads(outcome);
        }
        for (Source source : Source.values()) {
            invalidations(source);
        }
        notStored("too_large");
        notStored("superseded");
        this.saved = Counter.builder("gateway.cache.intercom.calls.saved")
                .description("Reads answered without an Intercom call of their own: hits and coalesced reads").register(meters);
        this.age = DistributionSummary.builder("gateway.cache.entry.age").baseUnit("seconds")
                .description("Age of the answers served from the cache").register(meters);
    }

    /** A cache in this replica's memory, as configured, serving answers for {@code ttl}. */
    public static ReadCache local(CacheProperties properties, Duration ttl, MeterRegistry meters) {
        Duration markTtl = ttl.plus(Duration.ofMinutes(2));
        return new ReadCache(new LocalAnswerStore(properties.maxMemory().toBytes(), ttl, markTtl), properties.enabled(), ttl,
                properties.maxEntrySize().toBytes(), Clock.systemUTC(), meters);
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * The answer for {@code key}: from the store while fresh (unless the caller's request asked for
     * a fresh read), else from {@code load}, shared with every concurrent read of the same key.
     * Exceptions of the load reach every reader of it, but a refusal by the gateway's own limits
     * (the leader's caller cap, say) is not shared: the others then load for themselves.
     */
    public CacheRead read(CacheKey key, Supplier<CachedAnswer> load) {
        boolean fresh = CacheRequests.freshRequested();
        if (enabled && !fresh) {
            Optional<CachedAnswer> kept = lookup(key);
            if (kept.isPresent()) {
                long ageSeconds = kept.get().ageSeconds(clock.millis());
                age.record(ageSeconds);
                saved.increment();
                return recorded(new CacheRead(kept.get(), CacheRead.Outcome.HIT, ageSeconds));
            }
        }
        CompletableFuture<CachedAnswer> mine = new CompletableFuture<>();
        CompletableFuture<CachedAnswer> running = fresh ? null : flights.putIfAbsent(key, mine);
        if (running != null) {
            try {
                CachedAnswer shared = running.join();
                saved.increment();
                return recorded(new CacheRead(shared, CacheRead.Outcome.COALESCED, shared.ageSeconds(clock.millis())));
            } catch (CompletionException failed) {
                if (!(failed.getCause() instanceof IntercomRejectedException)) {
                    throw failed.getCause() instanceof RuntimeException runtime ? runtime : failed;
                }
                mine = new CompletableFuture<>(); // loads alone, not as a flight others could join
            }
        } else if (fresh) {
            flights.put(key, mine);
        }
        try {
            long mark = enabled ? markOf(key.object()) : -1;
            CachedAnswer answer = load.get();
            if (enabled && mark >= 0) {
                answer = store(key, answer, mark);
            }
            mine.complete(answer);
            return recorded(new CacheRead(answer, !enabled ? CacheRead.Outcome.BYPASS : fresh ? CacheRead.Outcome.REFRESH
                    : CacheRead.Outcome.MISS, 0));
        } catch (RuntimeException failure) {
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            flights.remove(key, mine);
        }
    }

    /**
     * Drops what the cache holds of these objects, on every replica that shares the store, before
     * returning; {@code updatedAt} (unix seconds, 0 if unknown) is the newest change announced, so
     * that an answer older than it is never stored after.
     */
    public void invalidate(Collection<String> objects, Source source, long updatedAt) {
        if (objects.isEmpty()) {
            return;
        }
        flights.keySet().removeIf(key -> objects.contains(key.object()));
        if (!enabled) {
            return;
        }
        for (String object : objects) {
            try {
                store.invalidate(object, updatedAt);
                invalidations(source).increment();
            } catch (RuntimeException storeDown) {
                // reads of it go to Intercom while the store is down; what it held expires within the TTL
                log.warn("The read cache could not invalidate {} ({})", object, storeDown.toString());
                meters.counter("gateway.cache.store.errors", "operation", "invalidate").increment();
            }
        }
    }

    private Optional<CachedAnswer> lookup(CacheKey key) {
        try {
            return store.get(key).filter(answer -> clock.millis() - answer.storedAt() < ttl.toMillis());
        } catch (RuntimeException storeDown) {
            meters.counter("gateway.cache.store.errors", "operation", "get").increment();
            return Optional.empty();
        }
    }

    private long markOf(String object) {
        try {
            return store.mark(object);
        } catch (RuntimeException storeDown) {
            meters.counter("gateway.cache.store.errors", "operation", "mark").increment();
            return -1;
        }
    }

    private CachedAnswer store(CacheKey key, CachedAnswer answer, long mark) {
        CachedAnswer stamped = answer.stored(clock.millis());
        if (answer.body().length > maxEntrySize) {
            notStored("too_large").increment();
            return answer;
        }
        try {
            if (store.putIfUnchanged(key, stamped, mark, updatedAt(answer.body()), ttl)) {
                return stamped;
            }
            notStored("superseded").increment();
        } catch (RuntimeException storeDown) {
            meters.counter("gateway.cache.store.errors", "operation", "put").increment();
        }
        return answer;
    }

    private CacheRead recorded(CacheRead read) {
        reads(read.outcome()).increment();
        CacheRequests.record(read);
        return read;
    }

    private Counter reads(CacheRead.Outcome outcome) {
        return Counter.builder("gateway.cache.reads").description("Reads by id through the cache, by outcome (hit, miss, coalesced, refresh, bypass)")
                .tag("outcome", outcome.tag()).register(meters);
    }

    private Counter invalidations(Source source) {
        return Counter.builder("gateway.cache.invalidations").description("Objects dropped from the cache, by what changed them (write, webhook)")
                .tag("source", source.tag()).register(meters);
    }

    private Counter notStored(String reason) {
        return Counter.builder("gateway.cache.not.stored").description("Answers not kept: too large, or superseded by an invalidation during their load")
                .tag("reason", reason).register(meters);
    }

    /** The answer's own {@code updated_at} (unix seconds), 0 for lists and answers without one. */
    private static long updatedAt(byte[] body) {
        try {
            JsonNode updatedAt = JSON.readTree(body).get("updated_at");
            return updatedAt != null && updatedAt.canConvertToLong() ? updatedAt.asLong() : 0;
        } catch (JacksonException notJson) {
            return 0;
        }
    }
}
