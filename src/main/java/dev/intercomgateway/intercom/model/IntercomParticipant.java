package dev.intercomgateway.intercom.model;

/** A {@code {"type", "id"}} reference to an admin or a contact, as Intercom's request bodies take it. */
public record IntercomParticipant(String type, String id) {
}
