package dev.intercomgateway.sandbox;

import java.util.ArrayList;
import java.util.List;

import dev.intercomgateway.intercom.model.IntercomAuthor;
import dev.intercomgateway.intercom.model.IntercomConversation;

/** A mutable conversation of the sandbox; {@link SandboxStore} guards it. */
final class SandboxConversation {

    private final String id;
    private final String title;
    private final long createdAt;
    private final IntercomConversation.Source source;
    private final IntercomConversation.ContactReference contact;
    private final List<IntercomConversation.Part> parts = new ArrayList<>();
    private long updatedAt;
    private String state = "open";
    private String adminAssigneeId;

    SandboxConversation(String id, String title, long createdAt, IntercomConversation.Source source,
            IntercomConversation.ContactReference contact) {
        this.id = id;
        this.title = title;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.source = source;
        this.contact = contact;
    }

    String id() {
        return id;
    }

    void addPart(String partId, String partType, String body, IntercomAuthor author, long at) {
        parts.add(new IntercomConversation.Part("conversation_part", partId, partType, body, at, at, author));
        updatedAt = at;
    }

    void assign(String assigneeId, String partId, IntercomAuthor by, String body, long at) {
        adminAssigneeId = assigneeId;
        addPart(partId, "assignment", body, by, at);
    }

    void setState(String newState, String partId, IntercomAuthor by, long at) {
        state = newState;
        addPart(partId, newState.equals("closed") ? "close" : "open", null, by, at);
    }

    IntercomConversation toWire() {
        return wire(new IntercomConversation.Parts("conversation_part.list", List.copyOf(parts), parts.size()));
    }

    /** Lists carry no parts, as Intercom's do. */
    IntercomConversation toSummary() {
        return wire(null);
    }

    private IntercomConversation wire(IntercomConversation.Parts withParts) {
        return new IntercomConversation("conversation", id, title, createdAt, updatedAt, state.equals("open"), state, false,
                adminAssigneeId, source, new IntercomConversation.Contacts("contact.list", List.of(contact)), withParts);
    }
}
