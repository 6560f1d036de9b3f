package dev.intercomgateway.web;

import java.util.function.IntConsumer;

import jakarta.servlet.ServletRequest;

/**
 * The status a caller finally receives, for what is written before a filter outside Spring MVC
 * changes it (the ETag filter turns a 200 into a 304 after the handler has completed): such a
 * filter marks the request with {@link #awaited}, a handler's observer {@link #whenKnown defers}
 * its use of the status, and the filter {@link #report reports} it once the answer is decided.
 */
public final class FinalStatus {

    private static final String AWAITED = FinalStatus.class.getName() + ".awaited";

    private FinalStatus() {
    }

    /** Marks the request: its final status will be reported. */
    static void awaited(ServletRequest request) {
        request.setAttribute(AWAITED, new IntConsumer[1]);
    }

    /**
     * Runs {@code use} with the final status: later, if a filter awaits it, else at once with {@code now}.
     */
    public static void whenKnown(ServletRequest request, int now, IntConsumer use) {
        if (request.getAttribute(AWAITED) instanceof IntConsumer[] deferred) {
            deferred[0] = deferred[0] == null ? use : deferred[0].andThen(use);
        } else {
            use.accept(now);
        }
    }

    static void report(ServletRequest request, int status) {
        if (request.getAttribute(AWAITED) instanceof IntConsumer[] deferred) {
            request.removeAttribute(AWAITED);
            if (deferred[0] != null) {
                deferred[0].accept(status);
            }
        }
    }
}
