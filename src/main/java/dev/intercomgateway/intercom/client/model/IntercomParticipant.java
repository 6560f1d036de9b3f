package dev.intercomgateway.intercom.client.model;

/**
 * A {@code {"type", "id"}} reference to a contact, as Intercom's request bodies take it: the type is
 * the contact's role ({@code user} or {@code lead}), or {@code contact} where Intercom allows it.
 */
public record IntercomParticipant(String type, String id) {

    public static IntercomParticipant contact(String id) {
        return new IntercomParticipant("contact", id);
    }
}
