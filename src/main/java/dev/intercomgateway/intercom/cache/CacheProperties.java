package dev.intercomgateway.intercom.cache;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The read cache in front of Intercom's reads by id (a contact, a conversation with its parts, an
 * admin, the teams, the tags), shared by {@code /api/v1} and {@code /intercom}. Kept in Redis when
 * {@code intercom.rate-limit.store=redis} (one cache for every replica), else in this replica's memory.
 * Concurrent misses of one read make one Intercom call whether the cache is on or off.
 *
 * @param enabled Whether answers are kept at all. Off, reads still coalesce.
 * @param ttl How long an answer is served without webhooks ({@code intercom.client-secret} unset):
 *     then only the gateway's own writes refresh an entry, and a change made in Intercom itself is
 *     seen at the latest this long after. Kept short for that reason.
 * @param webhookTtl How long an answer is served when webhooks are configured: Intercom's
 *     notifications then invalidate what changed elsewhere, and this bounds staleness only when one
 *     is lost. Entries hold personal data (a contact's email, a conversation's messages): in Redis
 *     they expire after this (or {@code ttl}) as well.
 * @param maxEntrySize Largest answer kept; a larger one is served but not stored.
 * @param maxMemory With the local store, most bytes its entries may take (least recently used go first).
 */
@Validated
@ConfigurationProperties("intercom.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("5s") Duration ttl,
        @NotNull @DefaultValue("10m") Duration webhookTtl,
        @NotNull @DefaultValue("256KB") DataSize maxEntrySize,
        @NotNull @DefaultValue("64MB") DataSize maxMemory) {

    @AssertTrue(message = "intercom.cache.ttl and webhook-ttl must be between 1s and 1d")
    boolean isTtlInRange() {
        return inRange(ttl) && inRange(webhookTtl);
    }

    @AssertTrue(message = "intercom.cache.max-entry-size must be between 1KB and max-memory")
    boolean isMaxEntrySizeInRange() {
        return maxEntrySize == null || maxMemory == null
                || (maxEntrySize.toBytes() >= 1024 && maxEntrySize.toBytes() <= maxMemory.toBytes());
    }

    /** The time an entry is served: long when webhooks keep entries fresh, short otherwise. */
    public Duration ttl(boolean webhooksConfigured) {
        return webhooksConfigured ? webhookTtl : ttl;
    }

    private static boolean inRange(Duration duration) {
        return duration == null || (duration.compareTo(Duration.ofSeconds(1)) >= 0 && duration.compareTo(Duration.ofDays(1)) <= 0);
    }
}
