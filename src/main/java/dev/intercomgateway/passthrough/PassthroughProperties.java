package dev.intercomgateway.passthrough;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Intercom-compatible surface under {@code /intercom}, for Intercom's official SDKs.
 *
 * @param enabled Whether {@code /intercom/**} forwards Intercom operations. A caller still needs an
 *     {@code intercom:<tag>:<read|write>} scope for each operation, so existing callers gain nothing.
 * @param allowedVersions Intercom-Version values a caller may choose; any other value (or none) is
 *     replaced by {@code intercom.api-version}. Empty: every call uses {@code intercom.api-version}.
 * @param stallTimeout Longest one write of an answer to the caller may take; the answer is written
 *     in pieces of 4 KB, each flushed, so a caller that takes less than 4 KB within this time (under
 *     0.8 KB/s at 5 s) is cut, and a slower but steady reader is not. Past it
 *     the answer is ended: Intercom's connection is closed and the call's slots (its caller's cap, the
 *     bulkhead) are released at once, and the caller's connection is dropped, so a caller that stops
 *     reading never holds what other callers need for longer than this.
 */
@Validated
@ConfigurationProperties("gateway.passthrough")
public record PassthroughProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue List<@Pattern(regexp = "\\d+\\.\\d+|Unstable", message = "must look like 2.16 (or be Unstable)") String> allowedVersions,
        @NotNull @DefaultValue("5s") Duration stallTimeout) {

    @AssertTrue(message = "gateway.passthrough.stall-timeout must be between 100ms and 10m")
    boolean isStallTimeoutSane() {
        return stallTimeout == null || (stallTimeout.toMillis() >= 100 && stallTimeout.compareTo(Duration.ofMinutes(10)) <= 0);
    }
}
