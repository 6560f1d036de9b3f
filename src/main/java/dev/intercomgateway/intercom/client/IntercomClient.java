package dev.intercomgateway.intercom.client;

import java.util.ArrayList;
import java.util.List;

import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.intercom.client.model.IntercomAdminList;
import dev.intercomgateway.intercom.client.model.IntercomAdminMessageRequest;
import dev.intercomgateway.intercom.client.model.IntercomAssignmentRequest;
import dev.intercomgateway.intercom.client.model.IntercomContact;
import dev.intercomgateway.intercom.client.model.IntercomContactDeleted;
import dev.intercomgateway.intercom.client.model.IntercomContactList;
import dev.intercomgateway.intercom.client.model.IntercomContactWrite;
import dev.intercomgateway.intercom.client.model.IntercomConversation;
import dev.intercomgateway.intercom.client.model.IntercomConversationList;
import dev.intercomgateway.intercom.client.model.IntercomMe;
import dev.intercomgateway.intercom.client.model.IntercomMessage;
import dev.intercomgateway.intercom.client.model.IntercomReplyRequest;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Pagination;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Query;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest;
import dev.intercomgateway.intercom.client.model.IntercomUserConversationRequest;

/** The Intercom operations the service uses, each one call through the {@link IntercomTransport}. */
public class IntercomClient {

    private final IntercomTransport transport;

    public IntercomClient(IntercomTransport transport) {
        this.transport = transport;
    }

    public IntercomContact getContact(String contactId) {
        return call(IntercomCall.get(IntercomContact.class, "/contacts/{contact_id}", IntercomIds.require(contactId, "contact id")));
    }

    /**
     * Contacts with role {@code user}, optionally narrowed by email and external id.
     *
     * @param startingAfter the cursor of the previous page, or null for the first
     */
    public IntercomContactList searchUsers(String email, String externalId, int perPage, String startingAfter) {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.equalTo("role", "user"));
        if (email != null) {
            filters.add(Query.equalTo("email", email));
        }
        if (externalId != null) {
            filters.add(Query.equalTo("external_id", externalId));
        }
        var search = new IntercomSearchRequest(Query.and(filters), new Pagination(perPage, startingAfter));
        return call(IntercomCall.post(IntercomContactList.class, search, "/contacts/search"));
    }

    public IntercomContact createContact(IntercomContactWrite contact) {
        return call(IntercomCall.post(IntercomContact.class, contact, "/contacts"));
    }

    public IntercomContact updateContact(String contactId, IntercomContactWrite changes) {
        return call(IntercomCall.put(IntercomContact.class, changes, "/contacts/{contact_id}", IntercomIds.require(contactId, "contact id")));
    }

    public IntercomContactDeleted deleteContact(String contactId) {
        return call(IntercomCall.delete(IntercomContactDeleted.class, "/contacts/{contact_id}", IntercomIds.require(contactId, "contact id")));
    }

    public IntercomConversationList listConversations(int perPage, String startingAfter) {
        IntercomCall<IntercomConversationList> call = startingAfter == null
                ? IntercomCall.get(IntercomConversationList.class, "/conversations?per_page={per_page}", String.valueOf(perPage))
                : IntercomCall.get(IntercomConversationList.class, "/conversations?per_page={per_page}&starting_after={starting_after}",
                        String.valueOf(perPage), startingAfter);
        return call(call);
    }

    public IntercomConversation getConversation(String conversationId) {
        return call(IntercomCall.get(IntercomConversation.class, "/conversations/{conversation_id}?display_as=plaintext",
                IntercomIds.requireConversation(conversationId)));
    }

    /** A contact starts a conversation ({@code POST /conversations}). */
    public IntercomMessage startConversationAsContact(IntercomUserConversationRequest request) {
        IntercomIds.require(request.from().id(), "from.id");
        return call(IntercomCall.post(IntercomMessage.class, request, "/conversations"));
    }

    /** An admin writes to a contact ({@code POST /messages}). */
    public IntercomMessage sendAdminMessage(IntercomAdminMessageRequest request) {
        IntercomIds.require(request.to().id(), "to.id");
        return call(IntercomCall.post(IntercomMessage.class, request, "/messages"));
    }

    public IntercomConversation reply(String conversationId, IntercomReplyRequest reply) {
        IntercomIds.require(reply.adminId() != null ? reply.adminId() : reply.intercomUserId(), "from.id");
        return call(IntercomCall.post(IntercomConversation.class, reply, "/conversations/{conversation_id}/reply",
                IntercomIds.requireConversation(conversationId)));
    }

    public IntercomConversation assign(String conversationId, IntercomAssignmentRequest assignment) {
        IntercomIds.require(assignment.adminId(), "admin id");
        IntercomIds.require(assignment.assigneeId(), "assignee id");
        return call(IntercomCall.post(IntercomConversation.class, assignment, "/conversations/{conversation_id}/parts",
                IntercomIds.requireConversation(conversationId)));
    }

    public IntercomAdminList listAdmins() {
        return call(IntercomCall.get(IntercomAdminList.class, "/admins"));
    }

    public IntercomMe me() {
        return call(IntercomCall.get(IntercomMe.class, "/me"));
    }

    private <T> T call(IntercomCall<T> call) {
        return transport.exchange(call).body();
    }
}
