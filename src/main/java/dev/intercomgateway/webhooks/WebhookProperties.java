package dev.intercomgateway.webhooks;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The intake of Intercom's webhooks.
 *
 * @param maxBodySize Largest notification accepted; a larger one gets 413 and is never read whole.
 *     A notification carries one object as the REST API shapes it (a conversation with its parts
 *     is the largest).
 */
@Validated
@ConfigurationProperties("gateway.webhooks")
public record WebhookProperties(@NotNull @DefaultValue("1MB") DataSize maxBodySize) {

    @AssertTrue(message = "gateway.webhooks.max-body-size must be between 1KB and 16MB")
    boolean isMaxBodySizeInRange() {
        return maxBodySize == null || (maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= DataSize.ofMegabytes(16).toBytes());
    }
}
