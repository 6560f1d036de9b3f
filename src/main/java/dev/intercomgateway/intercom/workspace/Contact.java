package dev.intercomgateway.intercom.workspace;

import java.time.Instant;
import java.util.Map;

/**
 * A contact (a user or a lead). Times are null when Intercom left them unset.
 *
 * @param role Intercom's role ({@code user}, {@code lead}, or another Intercom may add)
 * @param customAttributes never null
 */
public record Contact(
        String id,
        String role,
        String externalId,
        String email,
        String phone,
        String name,
        Instant signedUpAt,
        Instant createdAt,
        Instant updatedAt,
        Map<String, Object> customAttributes) {

    public boolean is(ContactRole expected) {
        return expected.wireName().equals(role);
    }
}
