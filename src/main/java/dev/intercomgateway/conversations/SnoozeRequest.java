package dev.intercomgateway.conversations;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import dev.intercomgateway.web.TimeRange;
import dev.intercomgateway.web.TimeValues;
import dev.intercomgateway.web.AdminId;

/** Snoozes a conversation as an admin until a time in the future. */
public record SnoozeRequest(
        @Schema(example = "990001") @NotNull @AdminId String adminId,
        @Schema(example = "2030-01-15T09:00:00Z", description = "When the conversation reopens: " + TimeValues.DESCRIPTION
                + "; after now and at most 1,826 days (5 years) ahead")
        @NotNull @TimeRange(after = "PT0S", notAfter = SnoozeRequest.LONGEST_SNOOZE) Instant snoozedUntil) implements ManageRequest {

    /** A snooze further ahead is more likely a mistaken unit or year than a plan. */
    static final String LONGEST_SNOOZE = "P1826D";
}
