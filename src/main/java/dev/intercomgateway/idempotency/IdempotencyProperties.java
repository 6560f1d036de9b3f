package dev.intercomgateway.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency keys on writes.
 *
 * @param ttl How long the outcome of a request with an Idempotency-Key is remembered and replayed.
 * @param maxEntries Most outcomes kept at once (oldest dropped first).
 * @param concurrentWait How long a repeated request waits for the first one with the same key
 *     to finish before it gets 409.
 */
@Validated
@ConfigurationProperties("gateway.idempotency")
public record IdempotencyProperties(
        @NotNull @DefaultValue("24h") Duration ttl,
        @Positive @DefaultValue("100000") int maxEntries,
        @NotNull @DefaultValue("30s") Duration concurrentWait) {
}
