package dev.intercomgateway.intercom.client.model;

/** Body of {@code POST /conversations}: a contact starts a conversation. */
public record IntercomUserConversationRequest(IntercomParticipant from, String body) {
}
