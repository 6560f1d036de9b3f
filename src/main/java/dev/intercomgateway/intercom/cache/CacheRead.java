package dev.intercomgateway.intercom.cache;

/**
 * One read through the cache: the answer, how it was obtained, and its age in seconds. Its
 * {@link #cacheStatus()} is the RFC 9211 {@code Cache-Status} value the answer carries.
 */
public record CacheRead(CachedAnswer answer, Outcome outcome, long ageSeconds) {

    /** The cache's name in {@code Cache-Status}. */
    public static final String CACHE_NAME = "intercom-gateway";

    public enum Outcome {
        /** Served from the cache: no Intercom call. */
        HIT("hit"),
        /** Not in the cache: one Intercom call, stored if it could be. */
        MISS("fwd=miss"),
        /** Joined another caller's call for the same read: no Intercom call of its own. */
        COALESCED("fwd=miss; collapsed"),
        /** The caller asked for a fresh read (Cache-Control: no-cache): one Intercom call, stored. */
        REFRESH("fwd=request"),
        /** The cache is off: one Intercom call, nothing stored. */
        BYPASS("fwd=bypass");

        private final String parameters;

        Outcome(String parameters) {
            this.parameters = parameters;
        }

        /** The lower-case name used in metrics and audit lines. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String cacheStatus() {
        return CACHE_NAME + "; " + outcome.parameters;
    }
}
