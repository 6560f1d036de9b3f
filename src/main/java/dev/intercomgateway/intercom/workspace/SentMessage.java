package dev.intercomgateway.intercom.workspace;

/** A message sent to Intercom; {@code conversationId} is null when Intercom did not say which conversation it opened. */
public record SentMessage(String id, String conversationId) {
}
