package dev.intercomgateway.intercom.workspace;

import java.time.Instant;
import java.util.Map;

/** What a create or an update writes on a contact; null fields are left out (untouched on an update). */
public record ContactFields(String externalId, String email, String phone, String name, Instant signedUpAt,
        Map<String, Object> customAttributes) {
}
