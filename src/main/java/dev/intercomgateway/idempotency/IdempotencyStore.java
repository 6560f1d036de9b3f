package dev.intercomgateway.idempotency;

import java.util.concurrent.CompletableFuture;

/**
 * Remembers the outcome of requests by Idempotency-Key. A key is first claimed (so that concurrent
 * duplicates find it taken), then either completed with the response or released when the outcome
 * should not be replayed (a transient failure the caller may retry).
 */
public interface IdempotencyStore {

    /** The entry for a key: in progress (the future completes when it is done) or completed. */
    record Entry(String fingerprint, CompletableFuture<StoredResponse> outcome) {
    }

    /** Claims the key; returns null if this caller now owns it, else the existing entry. */
    Entry claim(String key, String fingerprint);

    void complete(String key, StoredResponse response);

    void release(String key);
}
