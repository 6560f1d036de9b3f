package dev.intercomgateway.tags;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;

/**
 * Tags by name (created in Intercom the first time it is used). On a conversation, the admin who
 * tags it is required; on a user it is not.
 */
public record TagRequest(
        @Schema(example = "vip") @NotBlank @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String name,
        @Schema(example = "990001", description = "Required to tag a conversation") @Pattern(regexp = IntercomIds.ADMIN_REGEX,
                message = IntercomIds.ADMIN_MESSAGE) String adminId) {
}
