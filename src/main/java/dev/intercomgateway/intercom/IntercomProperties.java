package dev.intercomgateway.intercom;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import dev.intercomgateway.store.SharedStore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the service reaches Intercom.
 *
 * @param baseUrl Intercom API base URL. When unset, {@code region} picks the regional host; when
 *     unset and no access token is configured either, the built-in sandbox is used.
 * @param region Data-hosting region of the workspace (us, eu, au), used when base-url is not set.
 * @param accessToken Intercom access token (set it through the INTERCOM_ACCESS_TOKEN environment
 *     variable). Sent only to Intercom, never logged or shown.
 * @param apiVersion Intercom API version, sent as the Intercom-Version header on every call.
 * @param connectTimeout Time allowed to open a TCP/TLS connection to Intercom.
 * @param responseTimeout Time allowed for a whole Intercom call, from sending the request to
 *     reading the last byte of the response.
 * @param maxConnections Connections kept in the pool to Intercom.
 * @param maxResponseSize Largest Intercom answer read into memory; a page of 150 contacts with
 *     their attributes is a few hundred KB. A larger answer is a 502, never retried.
 * @param health Settings of the Intercom health indicator.
 * @param rateLimit The rate budget this service keeps to, so that Intercom never has to refuse it.
 * @param retry How failed calls are retried (the attempt count is
 *     {@code resilience4j.retry.instances.intercom.max-attempts}).
 */
@Validated
@ConfigurationProperties("intercom")
public record IntercomProperties(
        URI baseUrl,
        @NotNull @DefaultValue("us") Region region,
        String accessToken,
        @NotBlank @Pattern(regexp = "\\d+\\.\\d+|Unstable", message = "must look like 2.16 (or be Unstable)")
        @DefaultValue("2.16") String apiVersion,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration responseTimeout,
        @Positive @Max(10_000) @DefaultValue("100") int maxConnections,
        @NotNull @DefaultValue("4MB") DataSize maxResponseSize,
        @Valid @NotNull @DefaultValue Health health,
        @Valid @NotNull @DefaultValue RateLimit rateLimit,
        @Valid @NotNull @DefaultValue Retry retry) {

    /**
     * @param budgetPerWindow Calls allowed per window: the app's Intercom limit (10,000 a minute by
     *     default, 1,666 per 10-second window) or the share of it this deployment may use.
     * @param window Length of Intercom's rate-limit window.
     * @param windowGuard A call sent this close to a window's end may reach Intercom in the next
     *     window: it takes a permit of both windows, so neither can be overrun (nobody waits).
     * @param reserve The least calls held back whatever the window's size (the reserve is the
     *     larger of this and reserve-percent of the limit). Before reserve-percent existed this was a
     *     fixed number of calls; a value set then still holds back at least that many.
     * @param reservePercent Share of Intercom's window, in percent of the limit it reports
     *     ({@code X-RateLimit-Limit}; before any report, of budget-per-window), left unspent as a
     *     cushion for other replicas and clients sharing the app's budget: when Intercom reports
     *     no more remaining calls than the reserve (less the calls in flight), new calls wait for the
     *     window's reset instead. 5 % holds back 84 of Intercom's default 1,666 calls per 10 s and 1
     *     of a 20-call window.
     * @param maxWait Longest a caller waits for a permit; past it the caller gets 429 with
     *     Retry-After, so that no unbounded queue builds up.
     * @param store Where the token bucket lives: local (per replica) or redis (shared by all replicas); the
     *     Idempotency-Keys and the event log follow the same choice ({@link SharedStore}).
     * @param replicas Replicas sharing the budget: when the shared store is unreachable, each
     *     replica falls back to a local bucket of budget-per-window / replicas.
     */
    public record RateLimit(
            @Positive @DefaultValue("1666") int budgetPerWindow,
            @NotNull @DefaultValue("10s") Duration window,
            @NotNull @DefaultValue("200ms") Duration windowGuard,
            @Min(0) @Max(50) @DefaultValue("5") int reservePercent,
            @PositiveOrZero @DefaultValue("1") int reserve,
            @NotNull @DefaultValue("5s") Duration maxWait,
            @NotNull @DefaultValue("local") SharedStore store,
            @Positive @DefaultValue("1") int replicas,
            @NotNull @DefaultValue("60s") Duration maxResetWait,
            @DefaultValue Map<String, @Positive Integer> fairShareWeights) {

        @AssertTrue(message = "intercom.rate-limit.window must be at least one second")
        boolean isWindowAtLeastASecond() {
            return window == null || window.compareTo(Duration.ofSeconds(1)) >= 0;
        }

        @AssertTrue(message = "intercom.rate-limit.window-guard must be at least zero and under a quarter of the window")
        boolean isWindowGuardSmall() {
            return windowGuard == null || window == null
                    || (!windowGuard.isNegative() && windowGuard.multipliedBy(4).compareTo(window) < 0);
        }

        @AssertTrue(message = "intercom.rate-limit.max-wait must not be negative")
        boolean isMaxWaitNotNegative() {
            return maxWait == null || !maxWait.isNegative();
        }

        /** Several replicas each with a local budget would spend several times Intercom's. */
        @AssertTrue(message = "intercom.rate-limit.replicas above 1 needs intercom.rate-limit.store=redis: replicas with local "
                + "budgets and Idempotency-Keys would overshoot Intercom's budget and run retried writes twice")
        boolean isSeveralReplicasShared() {
            return replicas <= 1 || store == SharedStore.REDIS;
        }

        @AssertTrue(message = "intercom.rate-limit.max-reset-wait must be positive")
        boolean isMaxResetWaitPositive() {
            return maxResetWait == null || maxResetWait.isPositive();
        }

        @AssertTrue(message = "intercom.rate-limit.reserve must be smaller than intercom.rate-limit.budget-per-window")
        boolean isReserveBelowBudget() {
            return reserve < budgetPerWindow;
        }
    }

    /**
     * @param baseBackoff First backoff; each further attempt doubles it, and the wait is drawn
     *     at random within half of it either way (Resilience4j's exponential random backoff).
     * @param maxBackoff Cap of one backoff.
     * @param maxTotalTime Bound on the whole call with its retries: no retry starts that would end
     *     its wait past it. A 429 waits for Intercom's reset when that fits in this bound.
     */
    public record Retry(
            @NotNull @DefaultValue("200ms") Duration baseBackoff,
            @NotNull @DefaultValue("2s") Duration maxBackoff,
            @NotNull @DefaultValue("15s") Duration maxTotalTime) {

        @AssertTrue(message = "intercom.retry.base-backoff, max-backoff and max-total-time must be positive")
        boolean isPositive() {
            return Stream.of(baseBackoff, maxBackoff, maxTotalTime).allMatch(d -> d == null || (!d.isNegative() && !d.isZero()));
        }
    }

    /**
     * @param cacheTtl How long a health check's answer from {@code GET /me} is reused, so
     *     probes do not spend the rate budget.
     */
    public record Health(@NotNull @DefaultValue("30s") Duration cacheTtl) {

        @AssertTrue(message = "intercom.health.cache-ttl must not be negative")
        boolean isCacheTtlNotNegative() {
            return cacheTtl == null || !cacheTtl.isNegative();
        }
    }

    public boolean hasAccessToken() {
        return accessToken != null && !accessToken.isBlank();
    }

    /** The base URL to call: the explicit one, else the region's host. */
    public URI resolvedBaseUrl() {
        return baseUrl != null ? baseUrl : region.baseUrl();
    }

    @AssertTrue(message = "intercom.base-url must be an absolute http(s) URL with a host, such as https://api.intercom.io")
    boolean isBaseUrlHttp() {
        return baseUrl == null || (("http".equalsIgnoreCase(baseUrl.getScheme()) || "https".equalsIgnoreCase(baseUrl.getScheme()))
                && baseUrl.getHost() != null && baseUrl.getRawQuery() == null && baseUrl.getRawFragment() == null);
    }

    /**
     * The token travels in every request's Authorization header: only over TLS, except to this
     * machine (the built-in sandbox and test stand-ins listen on loopback).
     */
    @AssertTrue(message = "intercom.base-url must use https (the access token would travel in cleartext); http only to localhost or a loopback address")
    boolean isBaseUrlEncryptedOrLoopback() {
        return baseUrl == null || !"http".equalsIgnoreCase(baseUrl.getScheme()) || isLoopback(baseUrl.getHost());
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return name.equalsIgnoreCase("localhost") || name.matches("127(\\.\\d{1,3}){3}") || name.equals("::1")
                || name.equals("0:0:0:0:0:0:0:1");
    }

    @AssertTrue(message = "intercom.connect-timeout must be positive")
    boolean isConnectTimeoutPositive() {
        return connectTimeout == null || (!connectTimeout.isNegative() && !connectTimeout.isZero());
    }

    @AssertTrue(message = "intercom.response-timeout must be positive")
    boolean isResponseTimeoutPositive() {
        return responseTimeout == null || (!responseTimeout.isNegative() && !responseTimeout.isZero());
    }

    @AssertTrue(message = "intercom.max-response-size must be between 64KB and 64MB")
    boolean isMaxResponseSizeSane() {
        return maxResponseSize == null || (maxResponseSize.toKilobytes() >= 64 && maxResponseSize.toMegabytes() <= 64);
    }

    /** Never prints the token: records' generated toString would. */
    @Override
    public String toString() {
        return "IntercomProperties[baseUrl=" + baseUrl + ", region=" + region + ", accessToken="
                + (hasAccessToken() ? "(set)" : "(none)") + ", apiVersion=" + apiVersion + ", connectTimeout="
                + connectTimeout + ", responseTimeout=" + responseTimeout + ", maxConnections=" + maxConnections
                + ", maxResponseSize=" + maxResponseSize + ", health=" + health + ", rateLimit=" + rateLimit + ", retry=" + retry + "]";
    }
}
