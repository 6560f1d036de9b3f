package dev.intercomgateway.intercom.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.intercom.cache.CacheRequests;
import dev.intercomgateway.intercom.client.model.IntercomAdmin;
import dev.intercomgateway.intercom.client.model.IntercomAdminMessageRequest;
import dev.intercomgateway.intercom.client.model.IntercomContact;
import dev.intercomgateway.intercom.client.model.IntercomContactList;
import dev.intercomgateway.intercom.client.model.IntercomConversation;
import dev.intercomgateway.intercom.client.model.IntercomConversationList;
import dev.intercomgateway.intercom.client.model.IntercomManageRequest;
import dev.intercomgateway.intercom.client.model.IntercomMe;
import dev.intercomgateway.intercom.client.model.IntercomMergeRequest;
import dev.intercomgateway.intercom.client.model.IntercomNote;
import dev.intercomgateway.intercom.client.model.IntercomParticipant;
import dev.intercomgateway.intercom.client.model.IntercomReplyRequest;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Pagination;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Query;
import dev.intercomgateway.intercom.client.model.IntercomTag;
import dev.intercomgateway.intercom.client.model.IntercomTagList;
import dev.intercomgateway.intercom.client.model.IntercomTeamList;
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

/**
 * What the features ask of Intercom, in the workspace's types ({@code intercom.workspace}): each
 * operation checks its ids before anything is sent, calls {@link IntercomApi} (whose proxy puts
 * every call through the policies, {@link IntercomCalls}) and maps the answer with {@link WireMapping}.
 * Reads by id go through the read cache ({@link CachedReads}); writes, done or failed, drop what
 * they change there before their answer goes back.
 * Errors: {@code IntercomException}s, {@code InvalidIntercomIdException} for a malformed id.
 * A new read is one method here over one {@link IntercomApi} operation.
 */
public class IntercomClient {

    private final IntercomApi api;
    private final CachedReads reads;

    public IntercomClient(IntercomApi api, CachedReads reads) {
        this.api = api;
        this.reads = reads;
    }

    /** The contact whatever its role; {@link ContactRole#require} narrows it to a user or a lead. */
    public Contact contact(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        return WireMapping.contact(reads.read("/contacts/{contact_id}", Map.of("contact_id", id), null, IntercomContact.class));
    }

    /** Contacts with the role, optionally narrowed by email and external id; {@code cursor} null for the first page. */
    public Page<Contact> contacts(ContactRole role, String email, String externalId, int perPage, String cursor) {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.equalTo("role", role.wireName()));
        if (email != null) {
            filters.add(Query.equalTo("email", email));
        }
        if (externalId != null) {
            filters.add(Query.equalTo("external_id", externalId));
        }
        var search = new IntercomSearchRequest(Query.and(filters), new Pagination(perPage, cursor));
        IntercomContactList page = uncached(() -> api.searchContacts(search));
        return WireMapping.page(page.dataOrEmpty().stream().map(WireMapping::contact).toList(), page.pages());
    }

    public Contact createContact(ContactRole role, ContactFields fields) {
        return WireMapping.contact(api.createContact(WireMapping.contactWrite(role.wireName(), fields)));
    }

    /** Changes the fields given; the role is left as it is. */
    public Contact updateContact(String contactId, ContactFields changes) {
        String id = IntercomIds.require(contactId, "contact id");
        return WireMapping.contact(write("/contacts/{contact_id}", Map.of("contact_id", id),
                () -> api.updateContact(id, WireMapping.contactWrite(null, changes))));
    }

    public void deleteContact(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        write("/contacts/{contact_id}", Map.of("contact_id", id), () -> api.deleteContact(id));
    }

    /** A lead becomes part of a user ({@code POST /contacts/merge}); the lead's id then answers 410. The user is returned. */
    public Contact mergeLeadIntoUser(String leadId, String userId) {
        var merge = new IntercomMergeRequest(IntercomIds.require(leadId, "lead id"), IntercomIds.require(userId, "user_id"));
        return WireMapping.contact(write("/contacts/merge", Map.of(), merge, () -> api.mergeContacts(merge)));
    }

    public List<ContactNote> notes(String contactId) {
        String id = IntercomIds.require(contactId, "contact id");
        return uncached(() -> api.listNotes(id)).dataOrEmpty().stream().map(WireMapping::note).toList();
    }

    public ContactNote addNote(String contactId, String body, String adminId) {
        String id = IntercomIds.require(contactId, "contact id");
        return WireMapping.note(write("/contacts/{contact_id}/notes", Map.of("contact_id", id),
                () -> api.addNote(id, new IntercomNote.Create(body, adminId))));
    }

    public List<WorkspaceTag> tags() {
        return reads.read("/tags", Map.of(), null, IntercomTagList.class).dataOrEmpty().stream().map(WireMapping::tag).toList();
    }

    /** Tags by name: Intercom creates the tag the first time and finds it after. */
    public WorkspaceTag tagContact(String contactId, String tagName) {
        String id = IntercomIds.require(contactId, "contact id");
        IntercomTag tag = write("/tags", Map.of(), () -> api.createOrFindTag(new IntercomTag.ByName(tagName)));
        return WireMapping.tag(write("/contacts/{contact_id}/tags", Map.of("contact_id", id),
                () -> api.tagContact(id, new IntercomTag.Apply(tag.id(), null))));
    }

    public WorkspaceTag untagContact(String contactId, String tagId) {
        String id = IntercomIds.require(contactId, "contact id");
        String tag = IntercomIds.require(tagId, "tag id");
        return WireMapping.tag(write("/contacts/{contact_id}/tags/{tag_id}", Map.of("contact_id", id, "tag_id", tag),
                () -> api.untagContact(id, tag)));
    }

    public WorkspaceTag tagConversation(String conversationId, String tagName, String adminId) {
        String id = IntercomIds.requireConversation(conversationId);
        IntercomIds.require(adminId, "admin_id");
        IntercomTag tag = write("/tags", Map.of(), () -> api.createOrFindTag(new IntercomTag.ByName(tagName)));
        return WireMapping.tag(write("/conversations/{conversation_id}/tags", Map.of("conversation_id", id),
                () -> api.tagConversation(id, new IntercomTag.Apply(tag.id(), adminId))));
    }

    public WorkspaceTag untagConversation(String conversationId, String tagId, String adminId) {
        String id = IntercomIds.requireConversation(conversationId);
        String tag = IntercomIds.require(tagId, "tag id");
        IntercomIds.require(adminId, "admin_id");
        return WireMapping.tag(write("/conversations/{conversation_id}/tags/{tag_id}", Map.of("conversation_id", id, "tag_id", tag),
                () -> api.untagConversation(id, tag, new IntercomTag.RemovedBy(adminId))));
    }

    public List<WorkspaceAdmin> admins() {
        return uncached(api::listAdmins).adminsOrEmpty().stream().map(WireMapping::admin).toList();
    }

    /** Admin ids are numbers: Intercom's description types {@code GET /admins/{admin_id}} as an integer. */
    public WorkspaceAdmin admin(String adminId) {
        IntercomIds.requireAdmin(adminId, "admin id");
        return WireMapping.admin(reads.read("/admins/{admin_id}", Map.of("admin_id", adminId), null, IntercomAdmin.class));
    }

    public List<WorkspaceTeam> teams() {
        return reads.read("/teams", Map.of(), null, IntercomTeamList.class).teamsOrEmpty().stream().map(WireMapping::team).toList();
    }

    /** Team ids are numbers, as admin ids are; an unknown one is Intercom's 404 ({@code team_not_found}). */
    public WorkspaceTeam team(String teamId) {
        String id = IntercomIds.requireAdmin(teamId, "team id");
        return WireMapping.team(uncached(() -> api.getTeam(id)));
    }

    /** Conversations matching the query; an empty query is the plain list (Intercom's search needs a filter). */
    public Page<ConversationThread> conversations(ConversationQuery query, int perPage, String cursor) {
        List<Query> filters = WireMapping.conversationFilters(query);
        IntercomConversationList page = filters.isEmpty()
                ? uncached(() -> api.listConversations(perPage, cursor))
                : uncached(() -> api.searchConversations(new IntercomSearchRequest(Query.and(filters), new Pagination(perPage, cursor))));
        return WireMapping.page(page.conversationsOrEmpty().stream().map(WireMapping::conversation).toList(), page.pages());
    }

    public ConversationThread conversation(String conversationId) {
        String id = IntercomIds.requireConversation(conversationId);
        // the same query as IntercomApi#getConversation: parts as plain text
        return WireMapping.conversation(reads.read("/conversations/{conversation_id}", Map.of("conversation_id", id), "display_as=plaintext",
                IntercomConversation.class));
    }

    /** A contact starts a conversation ({@code POST /conversations}). */
    public SentMessage startAsContact(String contactId, String body) {
        IntercomIds.require(contactId, "from.id");
        var request = new IntercomUserConversationRequest(IntercomParticipant.contact(contactId), body);
        return WireMapping.message(write("/conversations", Map.of(), request, () -> api.startConversation(request)));
    }

    /** An admin writes to a contact ({@code POST /messages}). */
    public SentMessage send(AdminMessage message) {
        IntercomAdminMessageRequest request = WireMapping.adminMessage(message);
        IntercomIds.require(request.to().id(), "to.id");
        return WireMapping.message(write("/messages", Map.of(), request, () -> api.sendMessage(request)));
    }

    public ConversationThread replyAsAdmin(String conversationId, String adminId, String messageType, String body) {
        return reply(conversationId, IntercomReplyRequest.fromAdmin(adminId, messageType, body));
    }

    public ConversationThread replyAsContact(String conversationId, String contactId, String body) {
        return reply(conversationId, IntercomReplyRequest.fromUser(contactId, body));
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

    /** The admin behind the token and its workspace: the health check's call. */
    IntercomMe me() {
        return uncached(api::me);
    }

    private ConversationThread reply(String conversationId, IntercomReplyRequest reply) {
        IntercomIds.require(reply.adminId() != null ? reply.adminId() : reply.intercomUserId(), "from.id");
        String id = IntercomIds.requireConversation(conversationId);
        return WireMapping.conversation(write("/conversations/{conversation_id}/reply", Map.of("conversation_id", id), () -> api.reply(id, reply)));
    }

    /** Assigns, closes, opens or snoozes a conversation ({@code POST /conversations/{id}/parts}). */
    private ConversationThread manage(String conversationId, IntercomManageRequest action) {
        IntercomIds.require(action.adminId(), "admin id");
        if (action.assigneeId() != null) {
            IntercomIds.require(action.assigneeId(), "assignee id");
        }
        String id = IntercomIds.requireConversation(conversationId);
        return WireMapping.conversation(write("/conversations/{conversation_id}/parts", Map.of("conversation_id", id), () -> api.manage(id, action)));
    }

    /** A call the read cache takes no part in: an answer built from it is not the cache's to describe. */
    private static <T> T uncached(Supplier<T> call) {
        CacheRequests.uncachedCall();
        return call.get();
    }

    /** A write, done or failed: what it may have changed leaves the read cache before its answer goes back. */
    private <T> T write(String pathTemplate, Map<String, String> variables, Supplier<T> call) {
        return write(pathTemplate, variables, null, call);
    }

    /** The same, for a write whose body names objects it changes ({@code from}, {@code to}, ...: {@link dev.intercomgateway.intercom.cache.CachedObjects}). */
    private <T> T write(String pathTemplate, Map<String, String> variables, Object body, Supplier<T> call) {
        try {
            return uncached(call);
        } finally {
            reads.written(pathTemplate, variables, body);
        }
    }
}
