package dev.intercomgateway.conversations;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.intercom.IntercomIds;

/** Snoozes a conversation as an admin until a time in the future. */
public record SnoozeRequest(
        @Schema(example = "990001") @NotNull @Pattern(regexp = IntercomIds.ADMIN_REGEX, message = IntercomIds.ADMIN_MESSAGE) String adminId,
        @Schema(example = "2030-01-15T09:00:00Z") @NotNull @Future(message = "must be in the future") Instant snoozedUntil) {
}
