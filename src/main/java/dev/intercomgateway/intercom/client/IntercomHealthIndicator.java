package dev.intercomgateway.intercom.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomEndpoint;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.client.model.IntercomMe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Checks that Intercom answers {@code GET /me} with the configured token. The answer is cached for
 * {@code intercom.health.cache-ttl} so that frequent probes do not spend the rate budget.
 */
public class IntercomHealthIndicator implements HealthIndicator {

    /**
     * Up, but not Intercom: reported above UP (see management.endpoint.health.status.order) so that
     * the service's overall health says so to anyone who looks, HTTP 200.
     */
    public static final Status SANDBOX = new Status("SANDBOX",
            "The built-in sandbox answers instead of Intercom: demo data, forgotten on restart");

    private final IntercomClient client;
    private final IntercomEndpoint endpoint;
    private final Duration cacheTtl;
    private final Clock clock;
    private volatile Cached cached;

    public IntercomHealthIndicator(IntercomClient client, IntercomEndpoint endpoint, Duration cacheTtl, Clock clock) {
        this.client = client;
        this.endpoint = endpoint;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.expiresAt())) {
            return current.health();
        }
        synchronized (this) {
            current = cached;
            Instant now = clock.instant();
            if (current == null || !now.isBefore(current.expiresAt())) {
                current = new Cached(check(), now.plus(cacheTtl));
                cached = current;
            }
            return current.health();
        }
    }

    private Health check() {
        Health.Builder builder;
        try {
            IntercomMe me = client.me();
            builder = endpoint.sandbox() ? Health.status(SANDBOX) : Health.up();
            if (me.app() != null) {
                builder.withDetail("workspace", String.valueOf(me.app().name()))
                        .withDetail("workspace_id", String.valueOf(me.app().idCode()));
            }
        } catch (IntercomApiException e) {
            builder = Health.down().withDetail("reason", reasonFor(e)).withDetail("intercom_status", e.status());
            if (e.code() != null) {
                builder.withDetail("intercom_error_code", e.code());
            }
            if (e.requestId() != null) {
                builder.withDetail("intercom_request_id", e.requestId());
            }
        } catch (IntercomException e) {
            builder = Health.down().withDetail("reason", e.getMessage());
        }
        return builder.withDetail("mode", endpoint.sandbox() ? "sandbox" : "intercom")
                .withDetail("base_url", endpoint.baseUrl().toString())
                .build();
    }

    private static String reasonFor(IntercomApiException e) {
        return switch (e.status()) {
            case 401 -> "Intercom rejected the configured access token (401); check intercom.access-token and intercom.region";
            case 403 -> "The configured access token lacks permission for GET /me (403)";
            default -> "Intercom answered GET /me with " + e.status() + ": " + e.getMessage();
        };
    }

    private record Cached(Health health, Instant expiresAt) {
    }
}
