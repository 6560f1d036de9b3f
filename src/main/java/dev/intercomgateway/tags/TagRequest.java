package dev.intercomgateway.tags;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.AdminId;

/**
 * Tags by name (created in Intercom the first time it is used). On a conversation, the admin who
 * tags it is required; on a user it is not.
 */
public record TagRequest(
        @Schema(example = "vip") @NotBlank @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String name,
        @Schema(example = "990001", description = "Required to tag a conversation") @AdminId String adminId) {
}
