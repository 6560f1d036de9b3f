package dev.intercomgateway.intercom.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.intercom.cache.CacheRequests;
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
 * Reads by id go through the read cache ({@link CachedReads}); writes invalidate what they change there.
 */
public class IntercomClient {

    private final IntercomApi api;
    private final CachedReads reads;

    public IntercomClient(IntercomApi api, CachedReads reads) {
        this.api = api;
        this.reads = reads;
    }

    public IntercomContact getContact(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        return reads.read("/contacts/{contact_id}", Map.of("contact_id", id), null, IntercomContact.class);
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
        return uncached(() -> api.searchContacts(search));
    }

    /** A lead becomes part of a user ({@code POST /contacts/merge}); the lead's id then answers 410. */
    public IntercomContact mergeLeadIntoUser(String leadId, String userId) {
        var merge = new IntercomMergeRequest(IntercomIds.require(leadId, "lead id"), IntercomIds.require(userId, "user_id"));
        try {
            return api.mergeContacts(merge);
        } finally {
            reads.written(Set.of("contact:" + merge.from(), "contact:" + merge.into()));
        }
    }

    public IntercomContact createContact(IntercomContactWrite contact) {
        return api.createContact(contact);
    }

    public IntercomContact updateContact(String contactId, IntercomContactWrite changes) {
        String id = IntercomIds.require(contactId, "contact id");
        return write("/contacts/{contact_id}", Map.of("contact_id", id), () -> api.updateContact(id, changes));
    }

    public IntercomContactDeleted deleteContact(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        return write("/contacts/{contact_id}", Map.of("contact_id", id), () -> api.deleteContact(id));
    }

    public IntercomConversationList listConversations(int perPage, String startingAfter) {
        return uncached(() -> api.listConversations(perPage, startingAfter));
    }

    public IntercomConversation getConversation(String conversationId) {
        String id = IntercomIds.requireConversation(conversationId);
        // the same query as IntercomApi#getConversation: parts as plain text
        return reads.read("/conversations/{conversation_id}", Map.of("conversation_id", id), "display_as=plaintext", IntercomConversation.class);
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
        return write("/conversations/{conversation_id}/reply", Map.of("conversation_id", id), () -> api.reply(id, reply));
    }

    /** Assigns, closes, opens or snoozes a conversation ({@code POST /conversations/{id}/parts}). */
    public IntercomConversation manage(String conversationId, IntercomManageRequest action) {
        IntercomIds.require(action.adminId(), "admin id");
        if (action.assigneeId() != null) {
            IntercomIds.require(action.assigneeId(), "assignee id");
        }
        String id = IntercomIds.requireConversation(conversationId);
        return write("/conversations/{conversation_id}/parts", Map.of("conversation_id", id), () -> api.manage(id, action));
    }

    public IntercomAdminList listAdmins() {
        return uncached(api::listAdmins);
    }

    /** Admin ids are numbers: Intercom's description types {@code GET /admins/{admin_id}} as an integer. */
    public IntercomAdmin getAdmin(String adminId) {
        IntercomIds.requireAdmin(adminId, "admin id");
        return reads.read("/admins/{admin_id}", Map.of("admin_id", adminId), null, IntercomAdmin.class);
    }

    /** Conversations matching all the filters (AND), a page at a time. */
    public IntercomConversationList searchConversations(List<Query> filters, int perPage, String startingAfter) {
        var search = new IntercomSearchRequest(Query.and(filters), new Pagination(perPage, startingAfter));
        return uncached(() -> api.searchConversations(search));
    }

    public IntercomNote.NoteList listNotes(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        return uncached(() -> api.listNotes(id));
    }

    public IntercomNote addNote(String contactId, String body, String adminId) {
        String id = IntercomIds.require(contactId, "contact id");
        return write("/contacts/{contact_id}/notes", Map.of("contact_id", id), () -> api.addNote(id, new IntercomNote.Create(body, adminId)));
    }

    public List<IntercomTag> listTags() {
        return reads.read("/tags", Map.of(), null, IntercomTagList.class).dataOrEmpty();
    }

    /** Tags by name: Intercom creates the tag the first time and finds it after. */
    public IntercomTag tagContact(String contactId, String tagName) {
        String id = IntercomIds.require(contactId, "contact id");
        IntercomTag tag = write("/tags", Map.of(), () -> api.createOrFindTag(new IntercomTag.ByName(tagName)));
        return write("/contacts/{contact_id}/tags", Map.of("contact_id", id), () -> api.tagContact(id, new IntercomTag.Apply(tag.id(), null)));
    }

    public IntercomTag untagContact(String contactId, String tagId) {
        String id = IntercomIds.require(contactId, "contact id");
        String tag = IntercomIds.require(tagId, "tag id");
        return write("/contacts/{contact_id}/tags/{tag_id}", Map.of("contact_id", id, "tag_id", tag), () -> api.untagContact(id, tag));
    }

    public IntercomTag tagConversation(String conversationId, String tagName, String adminId) {
        String id = IntercomIds.requireConversation(conversationId);
        IntercomIds.require(adminId, "admin_id");
        IntercomTag tag = write("/tags", Map.of(), () -> api.createOrFindTag(new IntercomTag.ByName(tagName)));
        return write("/conversations/{conversation_id}/tags", Map.of("conversation_id", id),
                () -> api.tagConversation(id, new IntercomTag.Apply(tag.id(), adminId)));
    }

    public IntercomTag untagConversation(String conversationId, String tagId, String adminId) {
        String id = IntercomIds.requireConversation(conversationId);
        String tag = IntercomIds.require(tagId, "tag id");
        IntercomIds.require(adminId, "admin_id");
        return write("/conversations/{conversation_id}/tags/{tag_id}", Map.of("conversation_id", id, "tag_id", tag),
                () -> api.untagConversation(id, tag, new IntercomTag.RemovedBy(adminId)));
    }

    public IntercomTeamList listTeams() {
        return reads.read("/teams", Map.of(), null, IntercomTeamList.class);
    }

    public IntercomMe me() {
        return uncached(api::me);
    }

    /** A call the read cache takes no part in: an answer built from it is not the cache's to describe. */
    private static <T> T uncached(Supplier<T> call) {
        CacheRequests.uncachedCall();
        return call.get();
    }

    /** A write, done or failed: what it may have changed leaves the read cache before its answer goes back. */
    private <T> T write(String pathTemplate, Map<String, String> variables, Supplier<T> call) {
        try {
            return uncached(call);
        } finally {
            reads.written(pathTemplate, variables);
        }
    }
}
