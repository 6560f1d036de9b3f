package dev.intercomgateway.conversations;

/**
 * What an admin does to a conversation (close, open, snooze, assign, unassign): each its own
 * endpoint and body, one implementation (ConversationService#manage), the same admin check.
 */
public sealed interface ManageRequest permits CloseRequest, AdminActionRequest, SnoozeRequest, AssignRequest, UnassignRequest {

    /** The admin acting. */
    String adminId();
}
