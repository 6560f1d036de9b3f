package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.intercom.IntercomIds;

/** Opens a conversation as an admin. */
public record AdminActionRequest(
        @Schema(example = "990001") @NotNull @Pattern(regexp = IntercomIds.ADMIN_REGEX, message = IntercomIds.ADMIN_MESSAGE) String adminId) {
}
