package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A {@code user_message} (answer of {@code POST /conversations}) or an {@code admin_message} (of {@code POST /messages}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomMessage(String type, String id, Long createdAt, String subject, String body, String messageType, String conversationId) {
}
