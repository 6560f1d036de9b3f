package dev.intercomgateway.conversations;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A conversation with its thread, oldest first. Intercom returns at most the 500 most recent parts:
 * {@code parts_total} says how many there are and {@code parts_truncated} whether older ones are missing.
 */
public record Conversation(
        String id,
        @Schema(nullable = true) String title,
        @Schema(example = "open") String state,
        boolean open,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true) String adminAssigneeId,
        @Schema(nullable = true) String teamAssigneeId,
        @Schema(nullable = true, description = "Set while the conversation is snoozed") Instant snoozedUntil,
        List<String> contactIds,
        @Schema(description = "Names of the conversation's tags") List<String> tags,
        List<ConversationPart> parts,
        @Schema(description = "How many parts the thread has in Intercom, the opening message included") int partsTotal,
        @Schema(description = "True when Intercom left out older parts (it returns at most the 500 most recent)") boolean partsTruncated) {

    /** The conversation of this summary, with its tags and thread. */
    static Conversation of(ConversationSummary summary, List<String> tags, List<ConversationPart> parts, int partsTotal, boolean partsTruncated) {
        return new Conversation(summary.id(), summary.title(), summary.state(), summary.open(), summary.createdAt(), summary.updatedAt(),
                summary.adminAssigneeId(), summary.teamAssigneeId(), summary.snoozedUntil(), summary.contactIds(), tags, parts, partsTotal,
                partsTruncated);
    }
}
