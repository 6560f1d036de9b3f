package dev.intercomgateway.conversations;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

public record ConversationSummary(
        String id,
        @Schema(nullable = true) String title,
        @Schema(example = "open") String state,
        boolean open,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true) String adminAssigneeId,
        @Schema(nullable = true) String teamAssigneeId,
        @Schema(nullable = true, description = "Set while the conversation is snoozed") Instant snoozedUntil,
        List<String> contactIds) {
}
