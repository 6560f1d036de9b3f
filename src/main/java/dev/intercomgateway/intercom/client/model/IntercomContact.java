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

    public static final String USER = "user";
    public static final String LEAD = "lead";

    /** This contact, if it is a user (a signed-up contact); a lead is no such user to the caller (404). */
    public IntercomContact requireUser() {
        return requireRole(USER);
    }

    /** This contact, if it is a lead; a user is no such lead to the caller (404, or 410 for a converted lead). */
    public IntercomContact requireLead() {
        return requireRole(LEAD);
    }

    /** This contact, if it has the role ({@code user} or {@code lead}); another role is no such contact to the caller. */
    private IntercomContact requireRole(String expectedRole) {
        if (!expectedRole.equals(role)) {
            throw new ContactRoleMismatchException(expectedRole);
        }
        return this;
    }
}
