package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.AdminId;

/** Closes a conversation as an admin, optionally with a closing note. */
public record CloseRequest(
        @Schema(example = "990001") @NotNull @AdminId String adminId,
        @Schema(nullable = true, example = "Solved: export works again.") @CodePoints(max = ApiConstraints.MAX_BODY_LENGTH)
        @Pattern(regexp = ApiConstraints.NOT_BLANK_REGEX, message = ApiConstraints.NOT_BLANK_MESSAGE) String body) implements ManageRequest {
}
