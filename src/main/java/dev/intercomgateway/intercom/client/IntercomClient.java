package dev.intercomgateway.intercom.client;

import java.util.ArrayList;
import java.util.List;

import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.intercom.client.model.IntercomAdmin;
import dev.intercomgateway.intercom.client.model.IntercomAdminList;
import dev.intercomgateway.intercom.client.model.IntercomAdminMessageRequest;
import dev.intercomgateway.intercom.client.model.IntercomManageRequest;
import dev.intercomgateway.intercom.client.model.IntercomContact;
import dev.intercomgateway.intercom.client.model.IntercomContactDeleted;
import dev.intercomgateway.intercom.client.model.IntercomContactList;
import dev.intercomgateway.intercom.client.model.IntercomContactWrite;
import dev.intercomgateway.intercom.client.model.IntercomConversation;
import dev.intercomgateway.intercom.client.model.IntercomConversationList;
import dev.intercomgateway.intercom.client.model.IntercomMe;
import dev.intercomgateway.intercom.client.model.IntercomMergeRequest;
import dev.intercomgateway.intercom.client.model.IntercomNote;
import dev.intercomgateway.intercom.client.model.IntercomMessage;
import dev.intercomgateway.intercom.client.model.IntercomReplyRequest;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest;
import dev.intercomgateway.intercom.client.model.IntercomTag;
import dev.intercomgateway.intercom.client.model.IntercomTagList;
import dev.intercomgateway.intercom.client.model.IntercomTeamList;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Pagination;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Query;
import dev.intercomgateway.intercom.client.model.IntercomUserConversationRequest;


/**
 * What the features ask of Intercom: each operation validates its ids before anything is sent,
 * then calls {@link IntercomApi}, whose proxy puts every call through the policies ({@link IntercomCalls}).
 */
public class IntercomClient {

    private final IntercomApi api;

    public IntercomClient(IntercomApi api) {
        this.api = api;
    }

    public IntercomContact getContact(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        return api.getContact(id);
    }

    /**
     * Contacts with role {@code user}, optionally narrowed by email and external id.
     *
     * @param startingAfter the cursor of the previous page, or null for the first
     */
    public IntercomContactList searchUsers(String email, String externalId, int perPage, String startingAfter) {
        return searchContacts("user", email, externalId, perPage, startingAfter);
    }

    /** Contacts with the role ({@code user} or {@code lead}), optionally narrowed by email and external id. */
    public IntercomContactList searchContacts(String role, String email, String externalId, int perPage, String startingAfter) {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.equalTo("role", role));
        if (email != null) {
            filters.add(Query.equalTo("email", email));
        }
        if (externalId != null) {
            filters.add(Query.equalTo("external_id", externalId));
        }
        var search = new IntercomSearchRequest(Query.and(filters), new Pagination(perPage, startingAfter));
        return api.searchContacts(search);
    }

    /** A lead becomes part of a user ({@code POST /contacts/merge}); the lead's id then answers 410. */
    public IntercomContact mergeLeadIntoUser(String leadId, String userId) {
        var merge = new IntercomMergeRequest(IntercomIds.require(leadId, "lead id"), IntercomIds.require(userId, "user_id"));
        return api.mergeContacts(merge);
    }

    public IntercomContact createContact(IntercomContactWrite contact) {
        return api.createContact(contact);
    }

    public IntercomContact updateContact(String contactId, IntercomContactWrite changes) {
        String id = IntercomIds.require(contactId, "contact id");
        return api.updateContact(id, changes);
    }

    public IntercomContactDeleted deleteContact(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        return api.deleteContact(id);
    }

    public IntercomConversationList listConversations(int perPage, String startingAfter) {
        return api.listConversations(perPage, startingAfter);
    }

    public IntercomConversation getConversation(String conversationId) {
        String id = IntercomIds.requireConversation(conversationId);
        return api.getConversation(id);
    }

    /** A contact starts a conversation ({@code POST /conversations}). */
    public IntercomMessage startConversationAsContact(IntercomUserConversationRequest request) {
        IntercomIds.require(request.from().id(), "from.id");
        return api.startConversation(request);
    }

    /** An admin writes to a contact ({@code POST /messages}). */
    public IntercomMessage sendAdminMessage(IntercomAdminMessageRequest request) {
        IntercomIds.require(request.to().id(), "to.id");
        return api.sendMessage(request);
    }

    public IntercomConversation reply(String conversationId, IntercomReplyRequest reply) {
        IntercomIds.require(reply.adminId() != null ? reply.adminId() : reply.intercomUserId(), "from.id");
        String id = IntercomIds.requireConversation(conversationId);
        return api.reply(id, reply);
    }

    /** Assigns, closes, opens or snoozes a conversation ({@code POST /conversations/{id}/parts}). */
    public IntercomConversation manage(String conversationId, IntercomManageRequest action) {
        IntercomIds.require(action.adminId(), "admin id");
        if (action.assigneeId() != null) {
            IntercomIds.require(action.assigneeId(), "assignee id");
        }
        String id = IntercomIds.requireConversation(conversationId);
        return api.manage(id, action);
    }

    public IntercomAdminList listAdmins() {
        return api.listAdmins();
    }

    /** Admin ids are numbers: Intercom's description types {@code GET /admins/{admin_id}} as an integer. */
    public IntercomAdmin getAdmin(String adminId) {
        IntercomIds.requireAdmin(adminId, "admin id");
        return api.getAdmin(adminId);
    }

    /** Conversations matching all the filters (AND), a page at a time. */
    public IntercomConversationList searchConversations(List<Query> filters, int perPage, String startingAfter) {
        var search = new IntercomSearchRequest(Query.and(filters), new Pagination(perPage, startingAfter));
        return api.searchConversations(search);
    }

    public IntercomNote.NoteList listNotes(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        return api.listNotes(id);
    }

    public IntercomNote addNote(String contactId, String body, String adminId) {
        String id = IntercomIds.require(contactId, "contact id");
        return api.addNote(id, new IntercomNote.Create(body, adminId));
    }

    public List<IntercomTag> listTags() {
        return api.listTags().dataOrEmpty();
    }

    /** Tags by name: Intercom creates the tag the first time and finds it after. */
    public IntercomTag tagContact(String contactId, String tagName) {
        String id = IntercomIds.require(contactId, "contact id");
        IntercomTag tag = api.createOrFindTag(new IntercomTag.ByName(tagName));
        return api.tagContact(id, new IntercomTag.Apply(tag.id(), null));
    }

    public IntercomTag untagContact(String contactId, String tagId) {
        String id = IntercomIds.require(contactId, "contact id");
        String tag = IntercomIds.require(tagId, "tag id");
        return api.untagContact(id, tag);
    }

    public IntercomTag tagConversation(String conversationId, String tagName, String adminId) {
        String id = IntercomIds.requireConversation(conversationId);
        IntercomIds.require(adminId, "admin_id");
        IntercomTag tag = api.createOrFindTag(new IntercomTag.ByName(tagName));
        return api.tagConversation(id, new IntercomTag.Apply(tag.id(), adminId));
    }

    public IntercomTag untagConversation(String conversationId, String tagId, String adminId) {
        String id = IntercomIds.requireConversation(conversationId);
        String tag = IntercomIds.require(tagId, "tag id");
        IntercomIds.require(adminId, "admin_id");
        return api.untagConversation(id, tag, new IntercomTag.RemovedBy(adminId));
    }

    public IntercomTeamList listTeams() {
        return api.listTeams();
    }

    public IntercomMe me() {
        return api.me();
    }
}
