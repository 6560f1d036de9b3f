package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.AdminId;

/**
 * Unassigns a conversation as an admin, optionally with a note: Intercom's assignment (to nobody)
 * takes a body, as an assignment to someone does.
 */
public record UnassignRequest(
        @Schema(example = "990001") @NotNull @AdminId String adminId,
        @Schema(nullable = true, example = "Back to the queue.") @CodePoints(max = ApiConstraints.MAX_BODY_LENGTH)
        @Pattern(regexp = ApiConstraints.NOT_BLANK_REGEX, message = ApiConstraints.NOT_BLANK_MESSAGE) String body) implements ManageRequest {
}
