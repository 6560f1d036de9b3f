package dev.intercomgateway.intercom.workspace;

import java.time.Instant;

/** Conversations matching every criterion given (null: any); all null is the plain list. */
public record ConversationQuery(String state, Boolean open, String adminAssigneeId, String teamAssigneeId, String contactId,
        Instant createdAfter, Instant updatedAfter) {

    public static ConversationQuery ofContact(String contactId) {
        return new ConversationQuery(null, null, null, null, contactId, null, null);
    }
}
