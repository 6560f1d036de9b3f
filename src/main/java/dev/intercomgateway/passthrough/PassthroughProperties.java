package dev.intercomgateway.passthrough;

import java.util.List;

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
 */
@Validated
@ConfigurationProperties("gateway.passthrough")
public record PassthroughProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue List<@Pattern(regexp = "\\d+\\.\\d+|Unstable", message = "must look like 2.16 (or be Unstable)") String> allowedVersions) {
}
