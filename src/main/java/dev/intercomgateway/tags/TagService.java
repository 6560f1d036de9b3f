package dev.intercomgateway.tags;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.WorkspaceTag;
import dev.intercomgateway.web.InvalidRequestException;

import org.springframework.stereotype.Service;

/** Tags of users and conversations, by name. */
@Service
public class TagService {

    private final IntercomClient intercom;

    public TagService(IntercomClient intercom) {
        this.intercom = intercom;
    }

    public TagList list() {
        return new TagList(intercom.tags().stream().map(TagService::toTag).toList());
    }

    /** A lead's id is a 404 here, as on /api/v1/users. */
    public Tag tagUser(String userId, TagRequest request) {
        ContactRole.USER.require(intercom.contact(userId));
        return toTag(intercom.tagContact(userId, request.name().strip()));
    }

    public Tag untagUser(String userId, String tagId) {
        ContactRole.USER.require(intercom.contact(userId));
        return toTag(intercom.untagContact(userId, tagId));
    }

    public Tag tagConversation(String conversationId, TagRequest request) {
        if (request.adminId() == null) {
            throw new InvalidRequestException("admin_id", "is required to tag a conversation");
        }
        return toTag(intercom.tagConversation(conversationId, request.name().strip(), request.adminId()));
    }

    public Tag untagConversation(String conversationId, String tagId, String adminId) {
        return toTag(intercom.untagConversation(conversationId, tagId, adminId));
    }

    private static Tag toTag(WorkspaceTag tag) {
        return new Tag(tag.id(), tag.name());
    }
}
