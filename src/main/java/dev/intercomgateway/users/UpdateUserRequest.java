package dev.intercomgateway.users;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.RequestRule;
import dev.intercomgateway.web.TimeRange;
import dev.intercomgateway.web.TimeValues;

/** A partial update: fields that are absent or null are left as they are; custom attributes are merged. */
public record UpdateUserRequest(
        @Schema(example = "grace.hopper@example.com") @Email @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String email,
        @CodePoints(min = 1, max = ApiConstraints.MAX_TEXT_LENGTH) String externalId,
        @Schema(example = "Rear Admiral Grace Hopper") @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String name,
        @CodePoints(max = 64) String phone,
        @Schema(example = "2024-05-01T09:30:00Z", description = "When the user signed up: " + TimeValues.DESCRIPTION
                + "; at most a day ahead of now") @TimeRange(notAfter = "P1D") Instant signedUpAt,
        @Schema(example = "{\"plan\":\"growth\"}") @Size(max = UserAttributes.MAX_CUSTOM_ATTRIBUTES) Map<String, Object> customAttributes)
        implements UserAttributes {

    @Schema(hidden = true)
    @RequestRule(fields = {"email", "external_id", "name", "phone", "signed_up_at", "custom_attributes"}, message = "at least one field to change is required")
    public boolean isAnyFieldPresent() {
        return email != null || externalId != null || name != null || phone != null || signedUpAt != null || customAttributes != null;
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"custom_attributes"}, message = UserAttributes.FLAT_MESSAGE)
    public boolean isCustomAttributesFlat() {
        return UserAttributes.isFlat(customAttributes);
    }
}
