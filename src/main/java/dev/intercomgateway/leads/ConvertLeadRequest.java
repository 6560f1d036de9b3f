package dev.intercomgateway.leads;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import dev.intercomgateway.web.IntercomId;



/** Converts a lead by merging it into an existing user. */
public record ConvertLeadRequest(@Schema(example = "665000000000000000000003") @NotNull @IntercomId String userId) {
}
