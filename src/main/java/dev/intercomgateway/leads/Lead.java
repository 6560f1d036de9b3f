package dev.intercomgateway.leads;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** An Intercom contact with role {@code lead}: a visitor who gave some details but never signed up. */
@Schema(description = "An Intercom contact with role lead")
public record Lead(
        @Schema(example = "665000000000000000000006") String id,
        @Schema(example = "visitor@example.com", nullable = true) String email,
        @Schema(example = "Anonymous visitor", nullable = true) String name,
        @Schema(nullable = true) String phone,
        Instant createdAt,
        Instant updatedAt,
        Map<String, Object> customAttributes) {
}
