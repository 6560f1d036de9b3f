package dev.intercomgateway.users;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import dev.intercomgateway.web.ApiConstraints;

/** A partial update: fields that are absent or null are left as they are; custom attributes are merged. */
public record UpdateUserRequest(
        @Schema(example = "grace.hopper@example.com") @Email @Size(max = ApiConstraints.MAX_TEXT_LENGTH) String email,
        @Size(min = 1, max = ApiConstraints.MAX_TEXT_LENGTH) String externalId,
        @Schema(example = "Rear Admiral Grace Hopper") @Size(max = ApiConstraints.MAX_TEXT_LENGTH) String name,
        @Size(max = 64) String phone,
        Instant signedUpAt,
        @Schema(example = "{\"plan\":\"growth\"}") @Size(max = UserAttributes.MAX_CUSTOM_ATTRIBUTES) Map<String, Object> customAttributes)
        implements UserAttributes {

    @Schema(hidden = true)
    @AssertTrue(message = "at least one field to change is required")
    public boolean isAnyFieldPresent() {
        return email != null || externalId != null || name != null || phone != null || signedUpAt != null || customAttributes != null;
    }

    @Schema(hidden = true)
    @AssertTrue(message = "custom_attributes must be a flat map of strings (up to 255 characters), numbers or booleans")
    public boolean isCustomAttributesFlat() {
        return UserAttributes.isFlat(customAttributes);
    }
}
