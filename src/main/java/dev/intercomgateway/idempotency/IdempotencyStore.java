package dev.intercomgateway.idempotency;

import java.util.concurrent.CompletableFuture;

/**
 * Remembers the outcome of requests by Idempotency-Key, per caller. A key is first claimed (so that
 * concurrent duplicates find it taken), then either completed with the response or released when
 * the outcome should not be replayed (nothing reached Intercom, or Intercom provably did nothing).
 *
 * <p>A claim is owned: completing or releasing it takes the claim's token, and does nothing once
 * the key is no longer held by that claim (its lease ran out and another request claimed it), so a
 * late request can neither overwrite nor free another request's claim.
 *
 * <p>Each caller's outcomes are bounded by {@link IdempotencyProperties#callerQuota()}; one caller
 * never makes room by dropping another's outcome.
 */
public interface IdempotencyStore {

    /** The entry for a key: in progress (the future completes when it is done) or completed. */
    record Entry(String fingerprint, CompletableFuture<StoredResponse> outcome) {
    }

    /** A key this request holds until it completes or releases it; the token tells this claim from a later one. */
    record Claim(String caller, String key, String token) {
    }

    /** Either this request's claim (it performs the write) or the entry that already holds the key. */
    record Claimed(Claim claim, Entry existing) {

        static Claimed owned(Claim claim) {
            return new Claimed(claim, null);
        }

        static Claimed taken(Entry existing) {
            return new Claimed(null, existing);
        }

        boolean owned() {
            return claim != null;
        }
    }

    /**
     * Claims {@code key} of {@code caller}.
     *
     * @throws IdempotencyQuotaExceededException when the caller's outcomes fill its quota (or the
     *     store is full): the request must not run, since its outcome could not be remembered
     * @throws IdempotencyStoreUnavailableException when the shared store cannot be reached or refuses writes
     */
    Claimed claim(String caller, String key, String fingerprint);

    /**
     * Stores the outcome of a claimed key. An outcome too large for what is left of the caller's
     * quota is kept as {@link StoredResponse#notKept} (performed, not replayable) instead.
     *
     * When a shared store refuses the write (Redis out of memory, or gone), the claim is kept as
     * performed instead ({@link StoredResponse.NotKept#STORE_REFUSED}): a repeat is never performed again.
     *
     * @return false, storing nothing, when the key is no longer held by this claim or the outcome could not be written
     */
    boolean complete(Claim claim, StoredResponse response);

    /** Frees a claimed key for a new attempt; false, freeing nothing, when the key is no longer held by this claim. */
    boolean release(Claim claim);
}
