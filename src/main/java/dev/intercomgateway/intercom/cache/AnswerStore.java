package dev.intercomgateway.intercom.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * Where answers are kept, by object. Each object has a mark: a count of its invalidations and the
 * newest {@code updated_at} an invalidation announced. An answer is stored only if no invalidation
 * came since its load began (the mark read before the load is unchanged) and it is not older than
 * what was announced, so that neither a slow load nor a late webhook can bring old data back.
 */
interface AnswerStore {

    Optional<CachedAnswer> get(CacheKey key);

    /** The object's invalidation count now, to hand back to {@link #putIfUnchanged}. */
    long mark(String object);

    /**
     * Keeps the answer for {@code ttl} unless the object was invalidated since {@code mark} was read,
     * or an invalidation announced a newer {@code updated_at} than the answer's (seconds; 0, a list, is never older).
     */
    boolean putIfUnchanged(CacheKey key, CachedAnswer answer, long mark, long updatedAt, Duration ttl);

    /** Drops every variant of the object and moves its mark on (to {@code updatedAt} if that is newer). */
    void invalidate(String object, long updatedAt);
}
