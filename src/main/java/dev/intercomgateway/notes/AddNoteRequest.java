package dev.intercomgateway.notes;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.AdminId;

/** A note an admin adds to a user. */
public record AddNoteRequest(
        @Schema(example = "Asked for an annual invoice.") @NotBlank @CodePoints(max = ApiConstraints.MAX_BODY_LENGTH) String body,
        @Schema(example = "990001") @NotNull @AdminId String adminId) {
}
