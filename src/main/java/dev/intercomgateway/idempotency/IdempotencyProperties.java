package dev.intercomgateway.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency keys on writes.
 *
 * @param ttl How long the outcome of a request with an Idempotency-Key is remembered and replayed.
 * @param maxMemory Most memory the outcomes kept in this replica may take, bodies counted (oldest
 *     dropped first). With the shared Redis store it bounds only the local fallback.
 * @param concurrentWait How long a repeated request waits for the first one with the same key
 *     to finish before it gets 409.
 * @param lease With the Redis store, how long a claim on a key outlives a replica that stopped
 *     renewing it (renewed every third of it while the request runs).
 */
@Validated
@ConfigurationProperties("gateway.idempotency")
public record IdempotencyProperties(
        @NotNull @DefaultValue("24h") Duration ttl,
        @NotNull @DefaultValue("16MB") DataSize maxMemory,
        @NotNull @DefaultValue("30s") Duration concurrentWait,
        @NotNull @DefaultValue("10s") Duration lease) {
}
