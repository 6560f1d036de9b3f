package dev.intercomgateway.intercom;

import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;

/**
 * Intercom's {@code X-RateLimit-*} headers: the app's budget in the current window, shared with
 * every other client of the same app. Fields are null when Intercom did not send them.
 */
public record IntercomRateLimit(Integer limit, Integer remaining, Instant reset) {

    public static final IntercomRateLimit UNKNOWN = new IntercomRateLimit(null, null, null);

    /** Writes the headers Intercom sent ({@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset} in epoch seconds), each when known. */
    public void writeTo(java.util.function.BiConsumer<String, String> header) {
        if (limit != null) {
            header.accept("X-RateLimit-Limit", limit.toString());
        }
        if (remaining != null) {
            header.accept("X-RateLimit-Remaining", remaining.toString());
        }
        if (reset != null) {
            header.accept("X-RateLimit-Reset", String.valueOf(reset.getEpochSecond()));
        }
    }

    /** Reads the headers; without X-RateLimit-Reset, a Retry-After in seconds gives the reset instead. */
    public static IntercomRateLimit from(HttpHeaders headers) {
        Instant reset = parseEpochSeconds(headers.getFirst("X-RateLimit-Reset"));
        if (reset == null) {
            Integer retryAfter = parseInt(headers.getFirst(HttpHeaders.RETRY_AFTER));
            reset = retryAfter == null || retryAfter < 0 ? null : Instant.now().plusSeconds(retryAfter);
        }
        return new IntercomRateLimit(
                parseInt(headers.getFirst("X-RateLimit-Limit")),
                parseInt(headers.getFirst("X-RateLimit-Remaining")),
                reset);
    }

    /** Time until the window resets, at least one second; null when unknown. */
    public Duration untilReset(Instant now) {
        if (reset == null) {
            return null;
        }
        Duration wait = Duration.between(now, reset);
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    private static Integer parseInt(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant parseEpochSeconds(String value) {
        try {
            return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
