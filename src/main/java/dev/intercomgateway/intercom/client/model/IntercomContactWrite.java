package dev.intercomgateway.intercom.client.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /contacts} and {@code PUT /contacts/{id}}: absent fields are left untouched. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntercomContactWrite(
        String role,
        String externalId,
        String email,
        String phone,
        String name,
        Long signedUpAt,
        Map<String, Object> customAttributes) {
}
