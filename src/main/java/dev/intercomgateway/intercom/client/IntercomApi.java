package dev.intercomgateway.intercom.client;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

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
import dev.intercomgateway.intercom.client.model.IntercomUserConversationRequest;

/**
 * The Intercom operations the gateway uses, as Intercom's API 2.16 names them: one readable list,
 * implemented by Spring's HTTP interface proxy over the gateway's WebClient. Every call passes the
 * policies beneath the proxy ({@link IntercomCallsAdapter}), named by its method and path template;
 * each operation returns its answer's body (the policies read the headers).
 */
@HttpExchange(accept = "application/json")
public interface IntercomApi {

    @GetExchange("/me")
    IntercomMe me();

    @GetExchange("/admins")
    IntercomAdminList listAdmins();

    @GetExchange("/admins/{admin_id}")
    IntercomAdmin getAdmin(@PathVariable("admin_id") String adminId);

    @PostExchange(url = "/conversations/search", contentType = "application/json")
    IntercomConversationList searchConversations(@RequestBody IntercomSearchRequest search);

    /** Intercom's description gives this list no paging parameters. */
    @GetExchange("/contacts/{contact_id}/notes")
    IntercomNote.NoteList listNotes(@PathVariable("contact_id") String contactId);

    @PostExchange(url = "/contacts/{contact_id}/notes", contentType = "application/json")
    IntercomNote addNote(@PathVariable("contact_id") String contactId, @RequestBody IntercomNote.Create note);

    @GetExchange("/tags")
    IntercomTagList listTags();

    @PostExchange(url = "/tags", contentType = "application/json")
    IntercomTag createOrFindTag(@RequestBody IntercomTag.ByName tag);

    @PostExchange(url = "/contacts/{contact_id}/tags", contentType = "application/json")
    IntercomTag tagContact(@PathVariable("contact_id") String contactId, @RequestBody IntercomTag.Apply tag);

    @DeleteExchange("/contacts/{contact_id}/tags/{tag_id}")
    IntercomTag untagContact(@PathVariable("contact_id") String contactId, @PathVariable("tag_id") String tagId);

    @PostExchange(url = "/conversations/{conversation_id}/tags", contentType = "application/json")
    IntercomTag tagConversation(@PathVariable("conversation_id") String conversationId, @RequestBody IntercomTag.Apply tag);

    @DeleteExchange(url = "/conversations/{conversation_id}/tags/{tag_id}", contentType = "application/json")
    IntercomTag untagConversation(@PathVariable("conversation_id") String conversationId, @PathVariable("tag_id") String tagId,
            @RequestBody IntercomTag.RemovedBy by);

    @GetExchange("/teams")
    IntercomTeamList listTeams();

    @GetExchange("/teams/{team_id}")
    IntercomTeamList.Team getTeam(@PathVariable("team_id") String teamId);

    @GetExchange("/contacts/{contact_id}")
    IntercomContact getContact(@PathVariable("contact_id") String contactId);

    @PostExchange(url = "/contacts/search", contentType = "application/json")
    IntercomContactList searchContacts(@RequestBody IntercomSearchRequest search);

    @PostExchange(url = "/contacts/merge", contentType = "application/json")
    IntercomContact mergeContacts(@RequestBody IntercomMergeRequest merge);

    @PostExchange(url = "/contacts", contentType = "application/json")
    IntercomContact createContact(@RequestBody IntercomContactWrite contact);

    @PutExchange(url = "/contacts/{contact_id}", contentType = "application/json")
    IntercomContact updateContact(@PathVariable("contact_id") String contactId, @RequestBody IntercomContactWrite changes);

    @DeleteExchange("/contacts/{contact_id}")
    IntercomContactDeleted deleteContact(@PathVariable("contact_id") String contactId);

    @GetExchange("/conversations")
    IntercomConversationList listConversations(@RequestParam("per_page") int perPage,
            @RequestParam(name = "starting_after", required = false) String startingAfter);

    @GetExchange("/conversations/{conversation_id}?display_as=plaintext")
    IntercomConversation getConversation(@PathVariable("conversation_id") String conversationId);

    @PostExchange(url = "/conversations", contentType = "application/json")
    IntercomMessage startConversation(@RequestBody IntercomUserConversationRequest request);

    @PostExchange(url = "/messages", contentType = "application/json")
    IntercomMessage sendMessage(@RequestBody IntercomAdminMessageRequest request);

    @PostExchange(url = "/conversations/{conversation_id}/reply", contentType = "application/json")
    IntercomConversation reply(@PathVariable("conversation_id") String conversationId, @RequestBody IntercomReplyRequest reply);

    @PostExchange(url = "/conversations/{conversation_id}/parts", contentType = "application/json")
    IntercomConversation manage(@PathVariable("conversation_id") String conversationId,
            @RequestBody IntercomManageRequest request);
}
