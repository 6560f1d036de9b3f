package dev.intercomgateway.intercom.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

    /** How far ahead of this replica's clock an announced {@code updated_at} may be and still be believed (clock skew with Intercom). */
    static final Duration UPDATED_AT_SKEW = Duration.ofSeconds(30);

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
    private final Duration unannouncedTtl;
    private final long maxEntrySize;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ConcurrentHashMap<CacheKey, Flight> flights = new ConcurrentHashMap<>();

    /**
     * Invalidations the store refused (Redis down), by object, with the {@code updated_at} they
     * announced: retried once the store answers again, so that other replicas stop serving what
     * they dropped. Bounded; beyond it, {@link #lastStoreError} still keeps this replica right.
     */
    private final Cache<String, Long> failedInvalidations = Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * When a store call last failed on this replica (epoch millis): an entry stored before it is
     * not served here, since an invalidation may have failed then (Redis back with its data after
     * an outage must not bring back what a write during the outage changed).
     */
    private volatile long lastStoreError;

    /**
     * After a store error the store is left alone this long (as the budget leaves Redis): reads go
     * to Intercom at once instead of each waiting out the store's timeout first, and invalidations
     * are kept to be retried; then the store is tried again.
     */
    static final Duration STORE_PAUSE = Duration.ofSeconds(5);
    private volatile long storePausedUntil;

    /** The next load of a key, for fresh reads that arrived while an older one was running; it starts when that one ends. */
    private final ConcurrentHashMap<CacheKey, CompletableFuture<CachedAnswer>> pending = new ConcurrentHashMap<>();

    /** Counted on every read: looked up once, not built and registered per read. */
    private final java.util.Map<CacheRead.Outcome, Counter> reads = new java.util.EnumMap<>(CacheRead.Outcome.class);

    /** A load in flight and when it started ({@link System#nanoTime()}). */
    private record Flight(CompletableFuture<CachedAnswer> answer, long started) {
    }
    private final Counter saved;
    private final DistributionSummary age;

    ReadCache(AnswerStore store, boolean enabled, Duration ttl, long maxEntrySize, Clock clock, MeterRegistry meters) {
        this(store, enabled, ttl, ttl, maxEntrySize, clock, meters);
    }

    /**
     * @param ttl how long an object a webhook announces changes of (a contact, a conversation) is served
     * @param unannouncedTtl how long the others are served (the team and tag lists, admins): no
     *     webhook drops them, so only this bounds how late a change made in Intercom shows
     */
    ReadCache(AnswerStore store, boolean enabled, Duration ttl, Duration unannouncedTtl, long maxEntrySize, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.enabled = enabled;
        this.ttl = ttl;
        this.unannouncedTtl = unannouncedTtl.compareTo(ttl) < 0 ? unannouncedTtl : ttl;
        this.maxEntrySize = maxEntrySize;
        this.clock = clock;
        this.meters = meters;
        for (CacheRead.Outcome outcome : CacheRead.Outcome.values()) {
            reads.put(outcome, reads(outcome));
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
                properties.ttl(), properties.maxEntrySize().toBytes(), Clock.systemUTC(), meters);
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration ttl() {
        return ttl;
    }

    /** How long an answer showing {@code object} is served: the long TTL only for objects webhooks announce changes of. */
    Duration ttl(String object) {
        return CachedObjects.announcedByWebhooks(object) ? ttl : unannouncedTtl;
    }

    /**
     * The answer for {@code key}: from the store while fresh (unless the caller's request asked for
     * a fresh read), else from {@code load}, shared with every concurrent read of the same key.
     * Exceptions of the load reach every reader of it, but a refusal by the gateway's own limits
     * (the leader's caller cap, say) is not shared: the others then load for themselves.
     */
    public CacheRead read(CacheKey key, Supplier<CachedAnswer> load) {
        long arrived = System.nanoTime();
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
        CompletableFuture<CachedAnswer> running = join(key, mine, fresh, arrived);
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
            CompletableFuture<CachedAnswer> done = mine;
            flights.computeIfPresent(key, (any, flight) -> flight.answer() == done ? null : flight);
        }
    }

    /**
     * The load in flight this read joins, or null when {@code mine} is now the flight and the reader
     * loads. A read joins any load running; a fresh read ({@code no-cache}) only one that started
     * after it arrived (its answer is then fresh for it too). A fresh read that finds an older load
     * running joins, or leads, the next load, which starts when the older one ends: a burst of fresh
     * reads makes about one call per load time, not one each.
     */
    private CompletableFuture<CachedAnswer> join(CacheKey key, CompletableFuture<CachedAnswer> mine, boolean fresh, long arrived) {
        List<CompletableFuture<CachedAnswer>> joined = new ArrayList<>(1);
        List<CompletableFuture<CachedAnswer>> older = new ArrayList<>(1);
        flights.compute(key, (any, running) -> {
            if (running == null) {
                return new Flight(mine, System.nanoTime());
            }
            if (!fresh || running.started() - arrived >= 0) {
                joined.add(running.answer());
                return running;
            }
            CompletableFuture<CachedAnswer> next = pending.putIfAbsent(key, mine);
            (next == null ? older : joined).add(next == null ? running.answer() : next);
            return running;
        });
        if (!joined.isEmpty()) {
            return joined.getFirst();
        }
        if (!older.isEmpty()) {
            older.getFirst().handle((answer, failure) -> null).join();
            flights.compute(key, (any, running) -> {
                pending.remove(key, mine);
                return new Flight(mine, System.nanoTime());
            });
        }
        return null;
    }

    /**
     * Drops what the cache holds of these objects, on every replica that shares the store, before
     * returning; {@code updatedAt} (unix seconds, 0 if unknown) is the newest change announced, so
     * that an answer older than it is never stored after. One later than now (beyond
     * {@link #UPDATED_AT_SKEW}: a wrong clock, milliseconds instead of seconds) counts as unknown:
     * the object is still dropped and loads that began before are still not stored, but no later
     * answer is held to it (any real answer is older than a date from the future, so its object
     * would not be cached again until the mark expired).
     */
    public void invalidate(Collection<String> objects, Source source, long announcedUpdatedAt) {
        if (objects.isEmpty()) {
            return;
        }
        long nowSeconds = clock.millis() / 1000;
        long updatedAt = announcedUpdatedAt > nowSeconds + UPDATED_AT_SKEW.toSeconds() ? 0 : announcedUpdatedAt;
        flights.keySet().removeIf(key -> objects.contains(key.object()));
        if (!enabled) {
            return;
        }
        for (String object : objects) {
            if (storePaused()) {
                failedInvalidations.asMap().merge(object, updatedAt, Math::max);
                continue;
            }
            try {
                store.invalidate(object, updatedAt);
                invalidations(source).increment();
            } catch (RuntimeException storeDown) {
                // not served here from what the store held before now; dropped there when the store is back
                log.warn("The read cache could not invalidate {} ({}); retried when the store answers", object, storeDown.toString());
                failedInvalidations.asMap().merge(object, updatedAt, Math::max);
                storeFailed("invalidate");
            }
        }
    }

    private Optional<CachedAnswer> lookup(CacheKey key) {
        if (storePaused()) {
            return Optional.empty();
        }
        try {
            long served = ttl(key.object()).toMillis();
            Optional<CachedAnswer> kept = store.get(key);
            retryFailedInvalidations();
            long lastError = lastStoreError;
            return kept.filter(answer -> clock.millis() - answer.storedAt() < served && answer.storedAt() > lastError);
        } catch (RuntimeException storeDown) {
            storeFailed("get");
            return Optional.empty();
        }
    }

    /** At most this many refused invalidations are retried on one read: the backlog of an outage is not one caller's wait. */
    static final int RETRIES_PER_READ = 16;

    /**
     * The store answers again: some of the invalidations it refused are done now, in no particular
     * order, the rest on the next reads; a retry that fails counts as a store error (and pauses the store).
     */
    private void retryFailedInvalidations() {
        if (failedInvalidations.estimatedSize() == 0) {
            return;
        }
        int retried = 0;
        for (var failed : failedInvalidations.asMap().entrySet()) {
            if (retried++ == RETRIES_PER_READ) {
                return;
            }
            store.invalidate(failed.getKey(), failed.getValue());
            failedInvalidations.asMap().remove(failed.getKey(), failed.getValue());
        }
    }

    private boolean storePaused() {
        return clock.millis() < storePausedUntil;
    }

    private void storeFailed(String operation) {
        lastStoreError = clock.millis();
        storePausedUntil = lastStoreError + STORE_PAUSE.toMillis();
        meters.counter("gateway.cache.store.errors", "operation", operation).increment();
    }

    private long markOf(String object) {
        if (storePaused()) {
            return -1;
        }
        try {
            return store.mark(object);
        } catch (RuntimeException storeDown) {
            storeFailed("mark");
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
            if (store.putIfUnchanged(key, stamped, mark, updatedAt(answer.body()), ttl(key.object()))) {
                return stamped;
            }
            notStored("superseded").increment();
        } catch (RuntimeException storeDown) {
            storeFailed("put");
        }
        return answer;
    }

    private CacheRead recorded(CacheRead read) {
        reads.get(read.outcome()).increment();
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
