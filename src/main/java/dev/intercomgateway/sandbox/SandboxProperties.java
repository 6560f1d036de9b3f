package dev.intercomgateway.sandbox;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in sandbox, used when no Intercom token is configured.
 *
 * @param rateLimit Calls the sandbox allows per window, like Intercom's X-RateLimit-Limit.
 * @param rateLimitWindow Length of a rate-limit window (Intercom uses 10 seconds).
 * @param seed Whether to load the demo users, admins and conversations at startup.
 */
@Validated
@ConfigurationProperties("sandbox")
public record SandboxProperties(
        @Positive @DefaultValue("1000") int rateLimit,
        @NotNull @DefaultValue("10s") Duration rateLimitWindow,
        @DefaultValue("true") boolean seed) {

    @AssertTrue(message = "sandbox.rate-limit-window must be at least one second")
    boolean isWindowAtLeastASecond() {
        return rateLimitWindow == null || rateLimitWindow.compareTo(Duration.ofSeconds(1)) >= 0;
    }
}
