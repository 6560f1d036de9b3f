package dev.intercomgateway.intercom.client.model;

/** Body of {@code POST /conversations/{id}/parts} that assigns a conversation to an admin. */
public record IntercomAssignmentRequest(String messageType, String type, String adminId, String assigneeId) {

    public static IntercomAssignmentRequest assign(String byAdminId, String assigneeId) {
        return new IntercomAssignmentRequest("assignment", "admin", byAdminId, assigneeId);
    }
}
