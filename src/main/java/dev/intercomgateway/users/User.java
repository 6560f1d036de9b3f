package dev.intercomgateway.users;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** An Intercom contact with role {@code user}. */
@Schema(description = "An Intercom contact with role user")
public record User(
        @Schema(example = "6650000000000000000000a1") String id,
        @Schema(example = "user-1001", nullable = true) String externalId,
        @Schema(example = "grace@example.com", nullable = true) String email,
        @Schema(example = "Grace Hopper", nullable = true) String name,
        @Schema(example = "+14155550101", nullable = true) String phone,
        @Schema(example = "2023-11-14T22:13:20Z", nullable = true) Instant signedUpAt,
        Instant createdAt,
        Instant updatedAt,
        @Schema(example = "{\"plan\":\"enterprise\"}") Map<String, Object> customAttributes) {
}
