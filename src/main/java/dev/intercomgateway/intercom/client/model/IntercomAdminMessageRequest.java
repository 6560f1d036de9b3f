package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /messages}: an admin writes to a contact. Intercom's description requires
 * {@code template} for email and gives the admin's id as an integer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntercomAdminMessageRequest(
        String messageType,
        String subject,
        String body,
        String template,
        Sender from,
        IntercomParticipant to,
        Boolean createConversationWithoutContactReply) {

    /** The enum value of {@code create_message_request.message_type} for in-app messages. */
    public static final String IN_APP = "in_app";
    public static final String EMAIL = "email";

    public record Sender(String type, long id) {

        public static Sender admin(long id) {
            return new Sender("admin", id);
        }
    }
}
