package dev.intercomgateway.sandbox;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A mutable conversation of the sandbox, answered in Intercom's {@code conversation} shape; {@link SandboxStore} guards it. */
final class SandboxConversation {

    /** Intercom returns at most this many of the most recent parts, and says how many there are. */
    static final int MAX_PARTS_RETURNED = 500;

    private final String id;
    private final String title;
    private final long createdAt;
    private final ObjectNode source;
    private final ObjectNode contact;
    private final List<ObjectNode> parts = new ArrayList<>();
    private final java.util.Map<String, ObjectNode> tags = new java.util.LinkedHashMap<>();
    private long updatedAt;
    private String state = "open";
    private long adminAssigneeId;
    private long teamAssigneeId;
    private Long snoozedUntil;

    SandboxConversation(String id, String title, long createdAt, ObjectNode source, ObjectNode contact) {
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

    String contactId() {
        return contact.get("id").asString();
    }

    void addPart(String partId, String partType, String body, ObjectNode author, long at) {
        ObjectNode part = SandboxJson.object()
                .put("type", "conversation_part")
                .put("id", partId)
                .put("part_type", partType);
        SandboxJson.putIfPresent(part, "body", body);
        part.put("created_at", at).put("updated_at", at).put("notified_at", at);
        part.set("author", author);
        part.set("attachments", SandboxJson.array());
        part.put("redacted", false);
        parts.add(part);
        updatedAt = at;
    }

    /** Assigns to an admin or a team; 0 assigns to nobody, which leaves neither an admin nor a team. */
    void assign(String assigneeType, long assigneeId, String partId, ObjectNode by, String body, long at) {
        if (assigneeId == 0) {
            adminAssigneeId = 0;
            teamAssigneeId = 0;
        } else if (assigneeType.equals("team")) {
            teamAssigneeId = assigneeId;
        } else {
            adminAssigneeId = assigneeId;
        }
        addPart(partId, "assignment", body, by, at);
    }

    /** A state change and its part; {@code body} is the part's text (Intercom keeps a close's, as an assignment's), null for none. */
    void setState(String newState, Long until, String partId, ObjectNode by, String body, long at) {
        state = newState;
        snoozedUntil = until;
        addPart(partId, switch (newState) {
            case "closed" -> "close";
            case "snoozed" -> "snoozed";
            default -> "open";
        }, body, by, at);
    }

    void tag(ObjectNode tag) {
        tags.put(tag.get("id").asString(), tag.deepCopy());
    }

    boolean hasTag(String tagId) {
        return tags.containsKey(tagId);
    }

    void untag(String tagId) {
        tags.remove(tagId);
    }

    ObjectNode toWire() {
        ObjectNode conversation = summary();
        ObjectNode thread = conversation.putObject("conversation_parts").put("type", "conversation_part.list");
        ArrayNode returned = thread.putArray("conversation_parts");
        parts.subList(Math.max(0, parts.size() - MAX_PARTS_RETURNED), parts.size()).forEach(part -> returned.add(part.deepCopy()));
        thread.put("total_count", parts.size());
        return conversation;
    }

    /** Lists carry no parts, as Intercom's do. */
    ObjectNode summary() {
        ObjectNode conversation = SandboxJson.object().put("type", "conversation").put("id", id);
        if (title == null) {
            conversation.putNull("title");
        } else {
            conversation.put("title", title);
        }
        conversation.put("created_at", createdAt).put("updated_at", updatedAt);
        if (snoozedUntil == null) {
            conversation.putNull("snoozed_until");
        } else {
            conversation.put("snoozed_until", snoozedUntil);
        }
        conversation.put("open", !state.equals("closed"))
                .put("state", state)
                .put("read", false)
                .put("priority", "none")
                // Intercom says 0 for "nobody", never null
                .put("admin_assignee_id", adminAssigneeId)
                .put("team_assignee_id", teamAssigneeId);
        ArrayNode tagList = conversation.putObject("tags").put("type", "tag.list").putArray("tags");
        tags.values().forEach(tag -> tagList.add(tag.deepCopy()));
        conversation.set("source", source.deepCopy());
        ObjectNode contacts = conversation.putObject("contacts").put("type", "contact.list");
        contacts.putArray("contacts").add(contact.deepCopy());
        conversation.putObject("custom_attributes");
        return conversation;
    }
}
