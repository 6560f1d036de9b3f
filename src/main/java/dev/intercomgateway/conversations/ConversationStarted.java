package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a start request did. The message was sent whenever this is returned: when Intercom did not
 * say which conversation holds it ({@code conversation_known} false, {@code id} null), or when the
 * requested assignment failed ({@code assignment_error}), resending the request would send the
 * message twice.
 */
public record ConversationStarted(
        @Schema(example = "100000012", nullable = true, description = "The conversation; null when Intercom did not name it") String id,
        @Schema(description = "Intercom id of the message that opened the conversation") String messageId,
        @Schema(allowableValues = {"in_app", "email"}, nullable = true, description = "The admin message's type; null for a contact's conversation")
        String messageType,
        @Schema(description = "False when Intercom sent the message without naming its conversation (the message went out: do not resend)")
        boolean conversationKnown,
        @Schema(nullable = true, description = "Set when the conversation was assigned") String assigneeId,
        @Schema(nullable = true, description = "Why the requested assignment failed, if it did") String assignmentError) {
}
