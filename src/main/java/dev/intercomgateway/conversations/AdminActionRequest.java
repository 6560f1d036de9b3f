package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import dev.intercomgateway.web.AdminId;



/** Opens a conversation as an admin. */
public record AdminActionRequest(
        @Schema(example = "990001") @NotNull @AdminId String adminId) implements ManageRequest {
}
