package dev.intercomgateway.intercom.client;

import java.time.Instant;
import java.util.List;

import dev.intercomgateway.intercom.ContactRoleMismatchException;
import dev.intercomgateway.intercom.client.model.IntercomConversationList;
import dev.intercomgateway.intercom.client.model.IntercomContactList;
import dev.intercomgateway.intercom.client.model.IntercomManageRequest;
import dev.intercomgateway.intercom.client.model.IntercomParticipant;
import dev.intercomgateway.intercom.client.model.IntercomReplyRequest;
import dev.intercomgateway.intercom.client.model.IntercomUserConversationRequest;
import dev.intercomgateway.intercom.workspace.AdminMessage;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactNote;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.ConversationQuery;
import dev.intercomgateway.intercom.workspace.ConversationThread;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.intercom.workspace.SentMessage;
import dev.intercomgateway.intercom.workspace.WorkspaceAdmin;
import dev.intercomgateway.intercom.workspace.WorkspaceTag;
import dev.intercomgateway.intercom.workspace.WorkspaceTeam;

import org.springframework.stereotype.Component;

/**
 * What the features ask of Intercom, in the workspace's types: each method is one or two
 * {@link IntercomClient} operations (ids checked, policies applied there) with the answer mapped by
 * {@link WireMapping}. Errors are the client's: {@code IntercomException}s and {@code InvalidIntercomIdException}.
 */
@Component
public class IntercomWorkspace {

    private final IntercomClient intercom;

    public IntercomWorkspace(IntercomClient intercom) {
        this.intercom = intercom;
    }

    /** The contact if it has the role: a lead's id is no user (and the reverse), so {@link ContactRoleMismatchException} (a 404). */
    public Contact contact(String id, ContactRole role) {
        Contact contact = contact(id);
        if (!contact.is(role)) {
            throw new ContactRoleMismatchException(role.wireName());
        }
        return contact;
    }

    /** The contact whatever its role. */
    public Contact contact(String id) {
        return WireMapping.contact(intercom.getContact(id));
    }

    /** Contacts with the role, optionally narrowed by email and external id; {@code cursor} null for the first page. */
    public Page<Contact> contacts(ContactRole role, String email, String externalId, int perPage, String cursor) {
        IntercomContactList page = intercom.searchContacts(role.wireName(), email, externalId, perPage, cursor);
        return WireMapping.page(page.dataOrEmpty().stream().map(WireMapping::contact).toList(), page.pages());
    }

    public Contact createContact(ContactRole role, ContactFields fields) {
        return WireMapping.contact(intercom.createContact(WireMapping.contactWrite(role.wireName(), fields)));
    }

    /** Changes the fields given; the role is left as it is. */
    public Contact updateContact(String id, ContactFields changes) {
        return WireMapping.contact(intercom.updateContact(id, WireMapping.contactWrite(null, changes)));
    }

    public void deleteContact(String id) {
        intercom.deleteContact(id);
    }

    /** A lead becomes part of a user; the lead's id then answers 410. The user is returned. */
    public Contact mergeLeadIntoUser(String leadId, String userId) {
        return WireMapping.contact(intercom.mergeLeadIntoUser(leadId, userId));
    }

    public List<ContactNote> notes(String contactId) {
        return intercom.listNotes(contactId).dataOrEmpty().stream().map(WireMapping::note).toList();
    }

    public ContactNote addNote(String contactId, String body, String adminId) {
        return WireMapping.note(intercom.addNote(contactId, body, adminId));
    }

    public List<WorkspaceTag> tags() {
        return intercom.listTags().stream().map(WireMapping::tag).toList();
    }

    /** Tags by name: Intercom creates the tag the first time and finds it after. */
    public WorkspaceTag tagContact(String contactId, String tagName) {
        return WireMapping.tag(intercom.tagContact(contactId, tagName));
    }

    public WorkspaceTag untagContact(String contactId, String tagId) {
        return WireMapping.tag(intercom.untagContact(contactId, tagId));
    }

    public WorkspaceTag tagConversation(String conversationId, String tagName, String adminId) {
        return WireMapping.tag(intercom.tagConversation(conversationId, tagName, adminId));
    }

    public WorkspaceTag untagConversation(String conversationId, String tagId, String adminId) {
        return WireMapping.tag(intercom.untagConversation(conversationId, tagId, adminId));
    }

    public List<WorkspaceAdmin> admins() {
        return intercom.listAdmins().adminsOrEmpty().stream().map(WireMapping::admin).toList();
    }

    public WorkspaceAdmin admin(String id) {
        return WireMapping.admin(intercom.getAdmin(id));
    }

    public List<WorkspaceTeam> teams() {
        return intercom.listTeams().teamsOrEmpty().stream().map(WireMapping::team).toList();
    }

    /** Conversations matching the query; an empty query is the plain list (Intercom's search needs a filter). */
    public Page<ConversationThread> conversations(ConversationQuery query, int perPage, String cursor) {
        var filters = WireMapping.conversationFilters(query);
        return page(filters.isEmpty() ? intercom.listConversations(perPage, cursor) : intercom.searchConversations(filters, perPage, cursor));
    }

    public ConversationThread conversation(String id) {
        return WireMapping.conversation(intercom.getConversation(id));
    }

    /** A contact starts a conversation. */
    public SentMessage startAsContact(String contactId, String body) {
        return WireMapping.message(intercom.startConversationAsContact(new IntercomUserConversationRequest(IntercomParticipant.contact(contactId), body)));
    }

    /** An admin writes to a contact. */
    public SentMessage send(AdminMessage message) {
        return WireMapping.message(intercom.sendAdminMessage(WireMapping.adminMessage(message)));
    }

    public ConversationThread replyAsAdmin(String conversationId, String adminId, String messageType, String body) {
        return WireMapping.conversation(intercom.reply(conversationId, IntercomReplyRequest.fromAdmin(adminId, messageType, body)));
    }

    public ConversationThread replyAsContact(String conversationId, String contactId, String body) {
        return WireMapping.conversation(intercom.reply(conversationId, IntercomReplyRequest.fromUser(contactId, body)));
    }

    /** @param assigneeType {@code admin} or {@code team}; {@code body} an optional note, may be null */
    public ConversationThread assign(String conversationId, String byAdminId, String assigneeType, String assigneeId, String body) {
        return manage(conversationId, IntercomManageRequest.assign(byAdminId, assigneeType, assigneeId, body));
    }

    /** Intercom unassigns by assigning to 0: nobody, and no team. */
    public ConversationThread unassign(String conversationId, String byAdminId, String body) {
        return manage(conversationId, IntercomManageRequest.assign(byAdminId, "admin", IntercomManageRequest.NOBODY, body));
    }

    public ConversationThread close(String conversationId, String byAdminId, String body) {
        return manage(conversationId, IntercomManageRequest.close(byAdminId, body));
    }

    public ConversationThread open(String conversationId, String byAdminId) {
        return manage(conversationId, IntercomManageRequest.open(byAdminId));
    }

    public ConversationThread snooze(String conversationId, String byAdminId, Instant until) {
        return manage(conversationId, IntercomManageRequest.snooze(byAdminId, until.getEpochSecond()));
    }

    private ConversationThread manage(String conversationId, IntercomManageRequest action) {
        return WireMapping.conversation(intercom.manage(conversationId, action));
    }

    private static Page<ConversationThread> page(IntercomConversationList page) {
        return WireMapping.page(page.conversationsOrEmpty().stream().map(WireMapping::conversation).toList(), page.pages());
    }
}
