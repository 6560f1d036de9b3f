package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The conversation a start request created. When an assignee was asked for and the assignment
 * failed, the message was still sent: {@code assignment_error} says why, and a retry of the whole
 * request would send the message twice.
 */
public record ConversationStarted(
        @Schema(example = "100000012") String id,
        @Schema(description = "Intercom id of the message that opened the conversation") String messageId,
        @Schema(nullable = true, description = "Set when the conversation was assigned") String assigneeId,
        @Schema(nullable = true, description = "Why the requested assignment failed, if it did") String assignmentError) {
}
