package dev.intercomgateway.sandbox;

import java.time.Clock;

/**
 * The sandbox's in-memory workspace, one class per resource, with Intercom's rules for the calls the
 * service makes, answered in the shapes of Intercom's description. The resources are not thread-safe
 * on their own: the server takes this store's lock for each call (it is a demo store, not a database).
 */
final class SandboxStore {

    private final SandboxAdmins admins;
    private final SandboxContacts contacts;
    private final SandboxConversations conversations;
    private final SandboxNotes notes;
    private final SandboxTags tags;

    SandboxStore(Clock clock) {
        SandboxSequence sequence = new SandboxSequence(clock);
        this.admins = new SandboxAdmins(sequence);
        this.contacts = new SandboxContacts(sequence);
        this.conversations = new SandboxConversations(sequence, contacts, admins);
        this.notes = new SandboxNotes(sequence, contacts, admins);
        this.tags = new SandboxTags(contacts, admins, conversations);
    }

    SandboxAdmins admins() {
        return admins;
    }

    SandboxContacts contacts() {
        return contacts;
    }

    SandboxConversations conversations() {
        return conversations;
    }

    SandboxNotes notes() {
        return notes;
    }

    SandboxTags tags() {
        return tags;
    }
}
