package dev.intercomgateway.conversations;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** One entry of a conversation's thread. The opening message comes first, with part_type {@code opening_message}. */
public record ConversationPart(
        String id,
        @Schema(example = "comment", description = "opening_message, comment, note, assignment, close, open, ...") String partType,
        Author author,
        @Schema(nullable = true) String body,
        Instant createdAt) {

    public record Author(@Schema(example = "admin") String type, String id, @Schema(nullable = true) String name) {
    }
}
