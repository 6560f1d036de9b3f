package dev.intercomgateway.notes;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** A note on a user, written by an admin. */
public record Note(@Schema(example = "3001") String id, @Schema(example = "Asked for an annual invoice.") String body, Instant createdAt,
        @Schema(nullable = true) Author author) {

    public record Author(@Schema(example = "990001") String id, @Schema(example = "Ada Support") String name) {
    }
}
