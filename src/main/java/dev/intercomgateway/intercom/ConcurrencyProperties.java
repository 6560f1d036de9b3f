package dev.intercomgateway.intercom;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many calls to Intercom may be open at once, per caller, and how long a call waits for one of
 * the {@code intercom.max-connections} pooled connections. A call is open from the moment it is sent
 * until its answer has been read: a streamed answer (the {@code /intercom} surface) until the caller
 * has read it to its end, broke off, or stalled.
 *
 * @param connectionWait Longest a call waits for a pooled connection when all are in use; past it the
 *     call is refused with 503 and Retry-After (reason {@code no_free_connection}). That is the
 *     gateway's own saturation: never counted by the circuit breaker as Intercom failing, never retried.
 * @param maxPendingConnections Calls that may wait for a pooled connection at once; one more is
 *     refused the same way at once.
 * @param maxCallsPerCaller Calls one caller may have open at once. Unset: a quarter of
 *     {@code intercom.max-connections} (25 of 100). A caller over it gets 429 with Retry-After (reason
 *     {@code caller_concurrency_cap}) while other callers go on; {@code gateway.clients[i].max-concurrent-calls}
 *     sets it for one caller.
 * @param guaranteedCallsPerCaller Calls every caller may have open (up to its cap) even when only
 *     the bulkhead's reserve is free; a light caller always finds room this way. Default 2.
 * @param bulkheadReserve Free bulkhead slots kept for light callers: a caller with
 *     {@code guaranteed-calls-per-caller} calls or more open may not take a slot that would leave fewer
 *     free, and gets 429 with Retry-After (reason {@code caller_concurrency_cap}) instead. Unset: a
 *     quarter of {@code resilience4j.bulkhead.instances.intercom.max-concurrent-calls} (16 of 64); 0
 *     keeps none. Must be less than the bulkhead's size, else the start fails.
 */
@Validated
@ConfigurationProperties("intercom.concurrency")
public record ConcurrencyProperties(
        @NotNull @DefaultValue("1s") Duration connectionWait,
        @Positive @DefaultValue("100") int maxPendingConnections,
        @Positive Integer maxCallsPerCaller,
        @PositiveOrZero @DefaultValue("2") int guaranteedCallsPerCaller,
        @PositiveOrZero Integer bulkheadReserve) {

    /** The cap of a caller without its own setting. */
    public int callerCap(int maxConnections) {
        return maxCallsPerCaller != null ? maxCallsPerCaller : Math.max(1, maxConnections / 4);
    }

    /**
     * The bulkhead slots kept for light callers, for a bulkhead of {@code bulkheadSize} slots.
     *
     * @throws IllegalStateException when the reserve would leave heavy callers no slot at all
     */
    public int bulkheadReserve(int bulkheadSize) {
        int reserve = bulkheadReserve != null ? bulkheadReserve : bulkheadSize / 4;
        if (reserve >= bulkheadSize) {
            throw new IllegalStateException("intercom.concurrency.bulkhead-reserve (" + reserve + ") must be less than "
                    + "resilience4j.bulkhead.instances.intercom.max-concurrent-calls (" + bulkheadSize + ")");
        }
        return reserve;
    }

    @AssertTrue(message = "intercom.concurrency.connection-wait must be positive")
    boolean isConnectionWaitPositive() {
        return connectionWait == null || (!connectionWait.isNegative() && !connectionWait.isZero());
    }
}
