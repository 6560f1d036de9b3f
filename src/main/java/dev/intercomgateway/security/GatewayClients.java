package dev.intercomgateway.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;


import dev.intercomgateway.web.AdminId;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The internal callers allowed in, each with its API keys (as SHA-256 hashes, never the keys) and scopes.
 *
 * @param clients The callers. Empty: only the built-in sandbox may run, and then it runs open.
 * @param clientsRefreshInterval How often the callers' keys are read again from the configuration,
 *     so that keys rotate without a restart where the configuration source changes at runtime.
 * @param jwtRateLimits Shares of the rate budget per window for JWT callers, by the token's subject
 *     (its {@code sub} claim, for client-credentials tokens usually the client id), e.g.
 *     {@code gateway.jwt-rate-limits[reporting-job]=50}. A subject not named here has no share of its own.
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayClients(@DefaultValue List<@Valid Client> clients, @NotNull @DefaultValue("30s") Duration clientsRefreshInterval,
        @DefaultValue Map<@NotBlank String, @NotNull @Positive Integer> jwtRateLimits) implements InitializingBean {

    private static final java.util.regex.Pattern KEY_HASH = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * Key hashes are checked here, not with Bean Validation: Spring Boot's report of a failed binding
     * validation prints the rejected value, and a key pasted where its hash belongs would be printed.
     *
     * @throws IllegalStateException naming each property and the rule broken, never a value
     */
    @Override
    public void afterPropertiesSet() {
        List<String> problems = keyHashProblems(clients);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid caller key hashes: " + String.join("; ", problems));
        }
    }

    /** What is wrong with the callers' key hashes, by property name and rule (never a value); empty when nothing. */
    static List<String> keyHashProblems(List<Client> clients) {
        List<String> problems = new java.util.ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            List<String> hashes = clients.get(c).keySha256();
            for (int k = 0; hashes != null && k < hashes.size(); k++) {
                if (hashes.get(k) == null || !KEY_HASH.matcher(hashes.get(k)).matches()) {
                    problems.add("gateway.clients[" + c + "].key-sha256[" + k + "] must be a hex SHA-256 hash (64 characters), not a key");
                }
            }
        }
        return problems;
    }

    /**
     * @param name Caller name, as it appears in audit lines and metrics.
     * @param keySha256 Hex SHA-256 hashes of the caller's API keys (64 hex characters each); several allow rotation.
     * @param scopes What the caller may do: users:read, users:write, conversations:read,
     *     conversations:write (start, reply), conversations:manage (close, open, snooze, assign),
     *     leads:read, leads:write (create, convert), tags:read, tags:write (tag and untag users and
     *     conversations), admins:read (admins and teams), events:read (Intercom's changes under /api/v1/events, each only
     *     with the read scope of its object), ops (management endpoints); and for the
     *     Intercom-compatible surface under /intercom, intercom:TAG:read or intercom:TAG:write per tag
     *     of Intercom's API (intercom:contacts:read, intercom:conversations:write, intercom:tags:write,
     *     intercom:admins:read ...), or intercom:*:read / intercom:*:write for all of them.
     * @param rateLimit This caller's share of the rate budget: Intercom calls made for it per
     *     intercom.rate-limit.window, each call counted (a retry, each page of an export), not each
     *     request (optional; none: only the shared budget and fair share bound the caller).
     * @param adminIds The Intercom admins this caller may act as (send, reply, note, tag, manage as), on
     *     /api/v1 and on /intercom alike, checked before an Idempotency-Key can replay; empty: any.
     * @param maxConcurrentCalls Calls to Intercom this caller may have open at once, streamed answers
     *     until read (optional; default {@code intercom.concurrency.max-calls-per-caller}).
     */
    public record Client(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String name,
            @NotEmpty List<String> keySha256,
            @NotEmpty Set<@NotBlank @KnownScope String> scopes,
            @Positive Integer rateLimit,
            Set<@AdminId String> adminIds,
            @Positive Integer maxConcurrentCalls) {

        /** Hashes are not keys, but they stay out of logs all the same. */
        @Override
        public String toString() {
            return "Client[name=" + name + ", keys=" + (keySha256 == null ? 0 : keySha256.size()) + ", scopes=" + scopes
                    + ", rateLimit=" + rateLimit + ", adminIds=" + adminIds + ", maxConcurrentCalls=" + maxConcurrentCalls + "]";
        }
    }
}
