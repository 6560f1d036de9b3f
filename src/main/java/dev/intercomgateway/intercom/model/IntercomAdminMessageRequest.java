package dev.intercomgateway.intercom.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /messages}: an admin writes to a contact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntercomAdminMessageRequest(
        String messageType,
        String subject,
        String body,
        IntercomParticipant from,
        IntercomParticipant to,
        Boolean createConversationWithoutContactReply) {
}
