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

/** A new user: an email or an external id is required. */
public record CreateUserRequest(
        @Schema(example = "margaret@example.com") @Email @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String email,
        @Schema(example = "user-2001") @CodePoints(min = 1, max = ApiConstraints.MAX_TEXT_LENGTH) String externalId,
        @Schema(example = "Margaret Hamilton") @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String name,
        @Schema(example = "+14155550199") @CodePoints(max = 64) String phone,
        @Schema(example = "2024-05-01T09:30:00Z", description = "When the user signed up: " + TimeValues.DESCRIPTION
                + "; at most a day ahead of now") @TimeRange(notAfter = "P1D") Instant signedUpAt,
        @Schema(example = "{\"plan\":\"starter\"}", description = "Flat map of string, number or boolean values")
        @Size(max = UserAttributes.MAX_CUSTOM_ATTRIBUTES) Map<String, Object> customAttributes) implements UserAttributes {

    @Schema(hidden = true)
    @RequestRule(fields = {"email", "external_id"}, message = "email or external_id is required")
    public boolean isEmailOrExternalIdPresent() {
        return (email != null && !email.isBlank()) || (externalId != null && !externalId.isBlank());
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"custom_attributes"}, message = UserAttributes.FLAT_MESSAGE)
    public boolean isCustomAttributesFlat() {
        return UserAttributes.isFlat(customAttributes);
    }
}
