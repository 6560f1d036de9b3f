package dev.intercomgateway.intercom;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 * @param health Settings of the Intercom health indicator.
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
        @Valid @NotNull @DefaultValue Health health) {

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

    @AssertTrue(message = "intercom.connect-timeout must be positive")
    boolean isConnectTimeoutPositive() {
        return connectTimeout == null || (!connectTimeout.isNegative() && !connectTimeout.isZero());
    }

    @AssertTrue(message = "intercom.response-timeout must be positive")
    boolean isResponseTimeoutPositive() {
        return responseTimeout == null || (!responseTimeout.isNegative() && !responseTimeout.isZero());
    }

    /** Never prints the token: records' generated toString would. */
    @Override
    public String toString() {
        return "IntercomProperties[baseUrl=" + baseUrl + ", region=" + region + ", accessToken="
                + (hasAccessToken() ? "(set)" : "(none)") + ", apiVersion=" + apiVersion + ", connectTimeout="
                + connectTimeout + ", responseTimeout=" + responseTimeout + ", maxConnections=" + maxConnections
                + ", health=" + health + "]";
    }
}
