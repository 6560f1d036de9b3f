package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /conversations/{id}/reply}, as an admin ({@code admin_id}) or a contact ({@code intercom_user_id}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntercomReplyRequest(String messageType, String type, String adminId, String intercomUserId, String body) {

    public static IntercomReplyRequest fromAdmin(String adminId, String messageType, String body) {
        return new IntercomReplyRequest(messageType, "admin", adminId, null, body);
    }

    public static IntercomReplyRequest fromUser(String contactId, String body) {
        return new IntercomReplyRequest("comment", "user", null, contactId, body);
    }
}
