package dev.intercomgateway.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency keys on writes.
 *
 * @param ttl How long the outcome of a request with an Idempotency-Key is remembered and replayed.
 * @param maxEntrySize Largest answer kept for replay. A larger answer still reaches the caller (only
 *     this much plus one byte is held while it streams), but its key is kept without it: a repeat
 *     gets 409 saying the request was performed and with which status, and is not performed again.
 * @param callerQuota Most bytes one caller's outcomes may take (answers and headers, plus a fixed
 *     512 bytes per key, in progress or done). An answer that does not fit is kept without its body,
 *     as above; once the caller's keys alone fill it, its keyed writes get 429 until the oldest
 *     outcomes expire. No caller's outcome is ever dropped to make room for another's.
 * @param maxMemory Most memory the outcomes kept in this replica may take, all callers together. It
 *     is shared out so that no caller set can fill it: each caller's quota is at most
 *     {@code max-memory / (API-key callers + 1)}, the one slot left over being shared by all JWT and
 *     anonymous callers (see {@link #effectiveCallerQuota}); size it as (API-key callers + 1) times
 *     {@code caller-quota} to keep that quota. When it is full anyway (callers added at runtime),
 *     new keyed writes get 503 rather than push anyone's outcome out. Not used by the Redis store,
 *     whose {@code maxmemory} must be sized the same way.
 * @param concurrentWait How long a repeated request waits for the first one with the same key
 *     to finish before it gets 409.
 * @param lease With the Redis store, how long a claim on a key outlives a replica that stopped
 *     renewing it (renewed every third of it while the request runs).
 */
@Validated
@ConfigurationProperties("gateway.idempotency")
public record IdempotencyProperties(
        @NotNull @DefaultValue("24h") Duration ttl,
        @NotNull @DefaultValue("1MB") DataSize maxEntrySize,
        @NotNull @DefaultValue("4MB") DataSize callerQuota,
        @NotNull @DefaultValue("16MB") DataSize maxMemory,
        @NotNull @DefaultValue("30s") Duration concurrentWait,
        @NotNull @DefaultValue("10s") Duration lease) {

    @AssertTrue(message = "must be: 0 < max-entry-size <= caller-quota <= max-memory")
    public boolean isBoundsOrdered() {
        return maxEntrySize == null || callerQuota == null || maxMemory == null
                || (maxEntrySize.toBytes() > 0 && maxEntrySize.compareTo(callerQuota) <= 0 && callerQuota.compareTo(maxMemory) <= 0);
    }

    /**
     * The quota each caller gets with the memory store: {@code caller-quota}, lowered to
     * {@code max-memory / (apiKeyCallers + 1)} when max-memory cannot hold that many full quotas
     * (the {@code + 1} is the account all JWT and anonymous callers share). All quotas together then
     * fit in max-memory, so no caller set can exhaust it for the others.
     *
     * @param apiKeyCallers the callers configured in {@code gateway.clients}
     * @throws IllegalStateException when that share is smaller than {@code max-entry-size}, naming
     *     the max-memory to set
     */
    public DataSize effectiveCallerQuota(int apiKeyCallers) {
        long accounts = apiKeyCallers + 1L;
        long share = maxMemory.toBytes() / accounts;
        if (share < maxEntrySize.toBytes()) {
            throw new IllegalStateException("gateway.idempotency.max-memory=" + megabytes(maxMemory.toBytes()) + " shared by "
                    + apiKeyCallers + " API-key callers and the JWT/anonymous callers leaves " + share + " bytes each, less than "
                    + "max-entry-size=" + megabytes(maxEntrySize.toBytes()) + ": set gateway.idempotency.max-memory to at least "
                    + megabytes(accounts * callerQuota.toBytes()) + " ((API-key callers + 1) x caller-quota), or lower max-entry-size");
        }
        return DataSize.ofBytes(Math.min(callerQuota.toBytes(), share));
    }

    /** A size as the MB to configure, rounded up. */
    static String megabytes(long bytes) {
        return Math.ceilDiv(bytes, DataSize.ofMegabytes(1).toBytes()) + "MB";
    }

    @AssertTrue(message = "ttl and lease must be positive")
    public boolean isDurationsPositive() {
        return ttl == null || lease == null || (ttl.isPositive() && lease.isPositive());
    }
}
