package dev.intercomgateway.intercom.client.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.intercomgateway.intercom.ContactRoleMismatchException;

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

    /** This contact, if it has the role ({@code user} or {@code lead}); another role is no such contact to the caller. */
    public IntercomContact requireRole(String expectedRole) {
        if (!expectedRole.equals(role)) {
            throw new ContactRoleMismatchException(expectedRole);
        }
        return this;
    }
}
