package dev.intercomgateway.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Tags by name, on contacts and on conversations; a tag still carried cannot be deleted, as in Intercom. */
final class SandboxTags {

    private final SandboxContacts contacts;
    private final SandboxAdmins admins;
    private final SandboxConversations conversations;
    private final Map<String, ObjectNode> tags = new LinkedHashMap<>();
    private final Map<String, java.util.Set<String>> contactTags = new LinkedHashMap<>();
    /** Tags are numbered apart from the sequence that numbers everything else (the README's ids stay put). */
    private final AtomicLong tagSequence = new AtomicLong(7001);

    SandboxTags(SandboxContacts contacts, SandboxAdmins admins, SandboxConversations conversations) {
        this.contacts = contacts;
        this.admins = admins;
        this.conversations = conversations;
    }

    ObjectNode listTags() {
        return SandboxPages.list("list", "data", tags.values());
    }

    /** {@code POST /tags}: creates the tag, or finds the one with that name. */
    ObjectNode createOrFindTag(JsonNode request) {
        String name = SandboxJson.requiredText(request, "name").strip();
        for (ObjectNode tag : tags.values()) {
            if (tag.get("name").asString().equals(name)) {
                return tag.deepCopy();
            }
        }
        ObjectNode tag = SandboxJson.object().put("type", "tag").put("id", String.valueOf(tagSequence.getAndIncrement())).put("name", name);
        tags.put(tag.get("id").asString(), tag);
        return tag.deepCopy();
    }

    ObjectNode getTag(String id) {
        return requireTag(id).deepCopy();
    }

    /** {@code DELETE /tags/{id}}: as Intercom, refused while a contact or conversation still carries the tag; no body. */
    Void deleteTag(String id) {
        requireTag(id);
        boolean inUse = contactTags.values().stream().anyMatch(tagIds -> tagIds.contains(id))
                || conversations.all().stream().anyMatch(conversation -> conversation.hasTag(id));
        if (inUse) {
            throw new SandboxError(400, "tag_has_dependent_objects", "Unable to delete Tag with dependent objects");
        }
        tags.remove(id);
        return null;
    }

    /** {@code GET /contacts/{id}/tags}: the contact's tags as a tag list. */
    ObjectNode listContactTags(String contactId) {
        contacts.require(contactId);
        return SandboxPages.list("list", "data", contactTags.getOrDefault(contactId, java.util.Set.of()).stream().map(tags::get).toList());
    }

    private ObjectNode requireTag(String id) {
        ObjectNode tag = id == null ? null : tags.get(id);
        if (tag == null) {
            throw SandboxError.notFound("Tag not found");
        }
        return tag;
    }

    ObjectNode tagContact(String contactId, JsonNode request) {
        contacts.require(contactId);
        ObjectNode tag = requireTag(SandboxJson.requiredText(request, "id"));
        contactTags.computeIfAbsent(contactId, id -> new java.util.LinkedHashSet<>()).add(tag.get("id").asString());
        return tag.deepCopy();
    }

    ObjectNode untagContact(String contactId, String tagId) {
        contacts.require(contactId);
        ObjectNode tag = requireTag(tagId);
        contactTags.getOrDefault(contactId, java.util.Set.of()).remove(tagId);
        return tag.deepCopy();
    }

    ObjectNode tagConversation(String conversationId, JsonNode request) {
        SandboxConversation conversation = conversations.require(conversationId);
        admins.require(SandboxJson.requiredText(request, "admin_id"), "admin_id");
        ObjectNode tag = requireTag(SandboxJson.requiredText(request, "id"));
        conversation.tag(tag);
        return tag.deepCopy();
    }

    ObjectNode untagConversation(String conversationId, String tagId, JsonNode request) {
        SandboxConversation conversation = conversations.require(conversationId);
        admins.require(SandboxJson.requiredText(request, "admin_id"), "admin_id");
        ObjectNode tag = requireTag(tagId);
        conversation.untag(tagId);
        return tag.deepCopy();
    }
}
