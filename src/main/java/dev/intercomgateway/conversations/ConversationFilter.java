package dev.intercomgateway.conversations;

import java.time.Instant;

/** What a support tool looks for in the inbox; every filter given must match. */
public record ConversationFilter(String state, Boolean open, String adminAssigneeId, String teamAssigneeId, String contactId,
        Instant createdAfter, Instant updatedAfter) {
}
