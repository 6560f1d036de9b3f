package dev.intercomgateway.leads;

import io.swagger.v3.oas.annotations.media.Schema;

/** A lead merged into a user: the lead's id now answers 410 with merged_into_id. */
public record LeadConversion(@Schema(example = "665000000000000000000006") String leadId,
        @Schema(example = "665000000000000000000003") String userId) {
}
