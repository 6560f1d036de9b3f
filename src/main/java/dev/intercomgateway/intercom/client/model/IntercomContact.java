package dev.intercomgateway.intercom.client.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A contact as Intercom returns it (only the fields this service reads). Timestamps are unix seconds. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomContact(
        String type,
        String id,
        String externalId,
        String role,
        String email,
        String phone,
        String name,
        Long createdAt,
        Long updatedAt,
        Long signedUpAt,
        Map<String, Object> customAttributes) {
}
