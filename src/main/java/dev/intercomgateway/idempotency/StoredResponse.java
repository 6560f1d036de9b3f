package dev.intercomgateway.idempotency;

import java.util.Map;

/**
 * What is replayed for a repeated Idempotency-Key: status, the headers that matter, and the body.
 * When the body was not kept ({@code notKept} set, {@code body} null) a repeat is told that the
 * first request was performed with this status, but gets no replay.
 */
public record StoredResponse(int status, Map<String, String> headers, byte[] body, NotKept notKept) {

    /** Why an outcome was kept without its answer. */
    public enum NotKept {
        /** The answer is larger than gateway.idempotency.max-entry-size. */
        TOO_LARGE,
        /** The answer did not fit in what was left of the caller's gateway.idempotency.caller-quota (or of max-memory). */
        OVER_QUOTA,
        /** The answer broke off or failed after Intercom was called: the write may have happened, its answer is unknown. */
        INCOMPLETE,
        /** The shared store (Redis) refused to write the answer (out of memory, unreachable) after Intercom was called. */
        STORE_REFUSED
    }

    public StoredResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    /** The first request was performed and answered {@code status}; its answer is not replayed. */
    public static StoredResponse notKept(int status, NotKept reason) {
        return new StoredResponse(status, Map.of(), null, reason);
    }

    public boolean replayable() {
        return notKept == null && body != null;
    }

    /** Bytes the outcome weighs besides the fixed overhead of an entry: headers and body. */
    int weight() {
        int headerBytes = headers.entrySet().stream().mapToInt(h -> h.getKey().length() + h.getValue().length()).sum();
        return headerBytes + (body == null ? 0 : body.length);
    }
}
