package dev.intercomgateway.intercom.cache;

/**
 * What the caller's request asks of the cache and what the cache did for it, on the request's
 * thread: whether the caller asked for a fresh read ({@code Cache-Control: no-cache}), and the
 * outcome of its last read, which the web layer turns into {@code Cache-Status} and {@code Age}.
 */
public final class CacheRequests {

    private static final ThreadLocal<State> CURRENT = new ThreadLocal<>();

    private static final class State {
        private final boolean fresh;
        private CacheRead last;
        private boolean uncached;

        State(boolean fresh) {
            this.fresh = fresh;
        }
    }

    private CacheRequests() {
    }

    /** Starts a caller's request; {@link #end()} must follow on the same thread. */
    public static void begin(boolean fresh) {
        CURRENT.set(new State(fresh));
    }

    public static void end() {
        CURRENT.remove();
    }

    static boolean freshRequested() {
        State state = CURRENT.get();
        return state != null && state.fresh;
    }

    static void record(CacheRead read) {
        State state = CURRENT.get();
        if (state != null) {
            state.last = read;
        }
    }

    /** The request also called Intercom outside the cache (a search, a list): its answer is not the cache's to describe. */
    public static void uncachedCall() {
        State state = CURRENT.get();
        if (state != null) {
            state.uncached = true;
        }
    }

    /**
     * The outcome of the request's last read through the cache, or null if it made none or also
     * called Intercom outside the cache (a user's conversations: the user read, then a search).
     */
    public static CacheRead last() {
        State state = CURRENT.get();
        return state == null || state.uncached ? null : state.last;
    }
}
