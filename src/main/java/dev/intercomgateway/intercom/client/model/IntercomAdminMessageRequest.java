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

    /**
     * What the gateway sends for an in-app message: {@code inapp}, as the official Node SDK 7.0.3
     * ({@code CreateMessageRequest.Inapp}), the description's request example and its {@code anyOf}
     * branch title do; only the schema's enum line says {@code in_app} (see the contract allow-list).
     */
    public static final String IN_APP = "inapp";
    public static final String EMAIL = "email";

    public record Sender(String type, long id) {

        public static Sender admin(long id) {
            return new Sender("admin", id);
        }
    }
}
