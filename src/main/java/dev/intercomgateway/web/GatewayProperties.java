package dev.intercomgateway.web;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the internal API.
 *
 * @param maxRequestBodySize Largest request body accepted; larger ones get 413 before anything
 *     is parsed or sent to Intercom.
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(@NotNull @DefaultValue("1MB") DataSize maxRequestBodySize) {

    @AssertTrue(message = "gateway.max-request-body-size must be between 1B and 64MB")
    boolean isMaxRequestBodySizeInRange() {
        return maxRequestBodySize == null
                || (maxRequestBodySize.toBytes() >= 1 && maxRequestBodySize.toBytes() <= DataSize.ofMegabytes(64).toBytes());
    }
}
