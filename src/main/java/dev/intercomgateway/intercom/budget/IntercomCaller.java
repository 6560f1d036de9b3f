package dev.intercomgateway.intercom.budget;

/**
 * Who the current Intercom calls are made for, so that the budget can share itself fairly between
 * callers. Set around a request by the layer that authenticates callers; calls made outside a
 * request (health checks) count as {@code service}.
 */
public final class IntercomCaller {

    public static final String SERVICE = "service";
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private IntercomCaller() {
    }

    public static void set(String caller) {
        CURRENT.set(caller);
    }

    public static void clear() {
        CURRENT.remove();
    }

    public static String current() {
        String caller = CURRENT.get();
        return caller == null ? SERVICE : caller;
    }
}
