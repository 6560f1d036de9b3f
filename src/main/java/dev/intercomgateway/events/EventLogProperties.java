package dev.intercomgateway.events;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The log of Intercom's notifications and its subscriptions. The log is kept in Redis (a Stream)
 * when {@code intercom.rate-limit.store=redis}, else in this replica's memory (lost on restart).
 *
 * @param retention How long an event is kept, and how long its notification id is remembered to
 *     drop Intercom's retries. Events hold personal data (a contact's email, a message's body):
 *     keep this as short as the subscribers' longest expected outage.
 * @param maxLength Most events kept; the oldest are dropped first.
 * @param maxMemory With the in-memory log, most memory its events may take (oldest dropped first).
 * @param heartbeat How often an idle subscription gets an SSE comment line, so that proxies and
 *     clients see the connection alive.
 * @param maxSubscriptionsPerCaller Open subscriptions one caller may hold on this replica; one more is a 429.
 * @param subscriberBuffer Most events read from the log at once for one subscriber and held until
 *     written to it. Subscribers hold no other copy: each reads the log from its own position, and
 *     one whose position falls out of the retention is disconnected and resumes by its Last-Event-ID.
 * @param subscriberBufferBytes Most bytes those events may take (one event at least, however large),
 *     so that a subscriber that stops reading holds this much at most.
 * @param maxSubscribers Open subscriptions of all callers on this replica; one more is a 429. With
 *     {@code subscriberBufferBytes}, bounds what subscribers hold on a replica (their product).
 * @param poll How often each replica looks for events other replicas appended (its own appear at once).
 * @param maxPageSize Largest {@code limit} of a JSON page.
 * @param stallTimeout Longest one write to a subscriber (4 KB at most) may take. A subscriber that
 *     reads nothing for this long (its connection's buffers full) is dropped: its slot and the
 *     events held for it are released at once, an audit line says {@code stalled}, and it resumes
 *     by its Last-Event-ID.
 */
@Validated
@ConfigurationProperties("gateway.events")
public record EventLogProperties(
        @NotNull @DefaultValue("24h") Duration retention,
        @Positive @DefaultValue("100000") long maxLength,
        @NotNull @DefaultValue("64MB") DataSize maxMemory,
        @NotNull @DefaultValue("15s") Duration heartbeat,
        @Positive @Max(1000) @DefaultValue("4") int maxSubscriptionsPerCaller,
        @Positive @Max(100_000) @DefaultValue("1000") int subscriberBuffer,
        @NotNull @DefaultValue("4MB") DataSize subscriberBufferBytes,
        @Positive @Max(100_000) @DefaultValue("64") int maxSubscribers,
        @NotNull @DefaultValue("100ms") Duration poll,
        @Positive @Max(1000) @DefaultValue("500") int maxPageSize,
        @NotNull @DefaultValue("10s") Duration stallTimeout) {

    @AssertTrue(message = "gateway.events.retention must be between one second and 30 days")
    boolean isRetentionInRange() {
        return retention == null || (retention.compareTo(Duration.ofSeconds(1)) >= 0 && retention.compareTo(Duration.ofDays(30)) <= 0);
    }

    @AssertTrue(message = "gateway.events.subscriber-buffer-bytes must be between 64KB and 256MB")
    boolean isSubscriberBufferBytesInRange() {
        return subscriberBufferBytes == null
                || (subscriberBufferBytes.toBytes() >= 64 * 1024 && subscriberBufferBytes.toBytes() <= 256L * 1024 * 1024);
    }

    @AssertTrue(message = "gateway.events.stall-timeout must be between 100ms and 10m")
    boolean isStallTimeoutInRange() {
        return stallTimeout == null || (stallTimeout.toMillis() >= 100 && stallTimeout.compareTo(Duration.ofMinutes(10)) <= 0);
    }

    @AssertTrue(message = "gateway.events.heartbeat and gateway.events.poll must be positive")
    boolean isTimingPositive() {
        return (heartbeat == null || heartbeat.isPositive()) && (poll == null || poll.isPositive());
    }
}
