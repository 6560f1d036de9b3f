package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.AdminId;

/** Assigns a conversation to an admin or a team, as an admin, optionally with a note. */
public record AssignRequest(
        @Schema(example = "990001") @NotNull @AdminId String adminId,
        @Valid @NotNull Assignee assignee,
        @Schema(nullable = true) @CodePoints(max = ApiConstraints.MAX_BODY_LENGTH)
        @Pattern(regexp = ApiConstraints.NOT_BLANK_REGEX, message = ApiConstraints.NOT_BLANK_MESSAGE) String body) implements ManageRequest {

    public record Assignee(
            @Schema(allowableValues = {"admin", "team"}, example = "team") @NotNull @Pattern(regexp = "admin|team", message = "must be admin or team") String type,
            @Schema(example = "5001") @NotNull @AdminId(message = "must be an Intercom admin or team id (digits)") String id) {
    }
}
