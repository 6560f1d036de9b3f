package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Opens or unassigns a conversation as an admin. */
public record AdminActionRequest(
        @Schema(example = "990001") @NotNull @Pattern(regexp = ActingAdmin.ID_REGEX, message = ActingAdmin.ID_MESSAGE) String adminId) {
}
