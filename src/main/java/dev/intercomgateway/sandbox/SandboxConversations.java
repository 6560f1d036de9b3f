package dev.intercomgateway.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Conversations: started by a contact or an admin's message, replied to, assigned, closed, opened and snoozed. */
final class SandboxConversations {

    private static final Set<String> CONVERSATION_FIELDS = Set.of("id", "state", "open", "admin_assignee_id", "team_assignee_id",
            "created_at", "updated_at");

    /** Conversation search over the summary Intercom lists: its scalar fields, and contact_ids for the contacts in it. */
    private static final SandboxQuery.Fields CONVERSATIONS = name -> {
        if (name.equals("contact_ids")) {
            return conversation -> conversation.path("contacts").path("contacts").valueStream().map(c -> c.get("id").asString()).toList();
        }
        return CONVERSATION_FIELDS.contains(name) ? conversation -> SandboxQuery.single(SandboxJson.text(conversation, name)) : null;
    };

    private final SandboxSequence sequence;
    private final SandboxContacts contacts;
    private final SandboxAdmins admins;
    private final Map<String, SandboxConversation> conversations = new LinkedHashMap<>();

    SandboxConversations(SandboxSequence sequence, SandboxContacts contacts, SandboxAdmins admins) {
        this.sequence = sequence;
        this.contacts = contacts;
        this.admins = admins;
    }

    Collection<SandboxConversation> all() {
        return conversations.values();
    }

    ObjectNode listConversations(int perPage, String startingAfter) {
        List<SandboxConversation> newestFirst = new ArrayList<>(conversations.values()).reversed();
        return SandboxPages.page("conversation.list", "conversations", newestFirst, SandboxConversation::id, SandboxConversation::summary, perPage,
                startingAfter);
    }

    ObjectNode searchConversations(JsonNode search) {
        Predicate<JsonNode> filter = SandboxQuery.parse(search.get("query"), CONVERSATIONS);
        JsonNode pagination = search.get("pagination");
        int perPage = SandboxPages.perPage(pagination == null ? null : pagination.get("per_page"), 20);
        String startingAfter = SandboxJson.text(pagination, "starting_after");
        List<SandboxConversation> matching = new ArrayList<>(conversations.values()).reversed().stream()
                .filter(conversation -> filter.test(conversation.summary())).toList();
        return SandboxPages.page("conversation.list", "conversations", matching, SandboxConversation::id, SandboxConversation::summary, perPage,
                startingAfter);
    }

    ObjectNode getConversation(String id) {
        return require(id).toWire();
    }

    ObjectNode startConversationAsContact(JsonNode request) {
        JsonNode from = SandboxJson.required(request, "from");
        String type = SandboxJson.text(from, "type");
        if (!List.of("user", "lead", "contact").contains(String.valueOf(type))) {
            throw SandboxError.invalid("from.type must be one of user, lead, contact");
        }
        ObjectNode contact = contacts.require(SandboxJson.requiredText(from, "id"));
        if (!type.equals("contact") && !type.equals(contact.get("role").asString())) {
            throw SandboxError.invalid("from.type " + type + " does not match the contact's role");
        }
        String body = SandboxJson.requiredText(request, "body");
        long now = sequence.now();
        ObjectNode source = source(sequence.nextId(), "customer_initiated", null, body, authorOf(contact));
        SandboxConversation conversation = newConversation(now, contact, source, null);
        return message("user_message", now, null, body, "inapp", conversation.id());
    }

    ObjectNode sendAdminMessage(JsonNode request) {
        String asked = SandboxJson.requiredText(request, "message_type");
        // Intercom takes "inapp" (its SDKs and request examples) and "in_app" (its schema's enum) alike
        if (!List.of("inapp", "in_app", "email").contains(asked)) {
            throw SandboxError.invalid("message_type must be inapp, in_app or email (whatsapp is not in the sandbox)");
        }
        String messageType = asked.equals("email") ? "email" : "inapp";
        String subject = SandboxJson.text(request, "subject");
        String body = SandboxJson.requiredText(request, "body");
        if (messageType.equals("email")) {
            SandboxJson.requiredText(request, "subject");
            String template = SandboxJson.requiredText(request, "template");
            if (!template.equals("plain") && !template.equals("personal")) {
                throw SandboxError.invalid("template must be plain or personal");
            }
        }
        JsonNode from = SandboxJson.required(request, "from");
        if (!"admin".equals(SandboxJson.text(from, "type"))) {
            throw SandboxError.invalid("from.type must be admin");
        }
        JsonNode adminId = SandboxJson.required(from, "id");
        if (!adminId.isIntegralNumber()) {
            throw SandboxError.invalid("from.id must be an integer");
        }
        ObjectNode admin = admins.require(String.valueOf(adminId.asLong()), "from.id");
        JsonNode to = SandboxJson.required(request, "to");
        String toType = SandboxJson.text(to, "type");
        if (!List.of("user", "lead").contains(String.valueOf(toType))) {
            throw SandboxError.invalid("to.type must be user or lead");
        }
        ObjectNode contact = contacts.require(SandboxJson.requiredText(to, "id"));
        if (!toType.equals(contact.get("role").asString())) {
            throw SandboxError.invalid("to.type " + toType + " does not match the contact's role");
        }
        long now = sequence.now();
        String conversationId = null;
        if (request.path("create_conversation_without_contact_reply").asBoolean(false)) {
            ObjectNode source = source(sequence.nextId(), "admin_initiated", subject, body, authorOf(admin));
            conversationId = newConversation(now, contact, source, subject).id();
        }
        // Intercom's answer spells in-app messages "inapp" (the message schema's enum)
        return message("admin_message", now, subject, body, messageType, conversationId);
    }

    ObjectNode reply(String conversationId, JsonNode reply) {
        SandboxConversation conversation = require(conversationId);
        String messageType = SandboxJson.requiredText(reply, "message_type");
        String body = SandboxJson.requiredText(reply, "body");
        ObjectNode author;
        switch (SandboxJson.requiredText(reply, "type")) {
            case "admin" -> {
                if (!messageType.equals("comment") && !messageType.equals("note")) {
                    throw SandboxError.invalid("message_type must be comment or note");
                }
                author = authorOf(admins.require(SandboxJson.text(reply, "admin_id"), "admin_id"));
            }
            case "user" -> {
                if (!messageType.equals("comment")) {
                    throw SandboxError.invalid("a contact can only reply with message_type comment");
                }
                author = authorOf(contacts.require(SandboxJson.requiredText(reply, "intercom_user_id")));
            }
            default -> throw SandboxError.invalid("type must be admin or user");
        }
        conversation.addPart(sequence.nextId(), messageType, body, author, sequence.now());
        return conversation.toWire();
    }

    ObjectNode manage(String conversationId, JsonNode request) {
        SandboxConversation conversation = require(conversationId);
        ObjectNode author = authorOf(admins.require(SandboxJson.text(request, "admin_id"), "admin_id"));
        switch (SandboxJson.requiredText(request, "message_type")) {
            case "assignment" -> {
                String type = SandboxJson.requiredText(request, "type");
                String assigneeId = SandboxJson.requiredText(request, "assignee_id");
                if (!type.equals("admin") && !type.equals("team")) {
                    throw SandboxError.invalid("type must be admin or team");
                }
                if (!assigneeId.equals("0")) {
                    if (type.equals("team") && !admins.hasTeam(assigneeId)) {
                        throw SandboxError.notFound("Team not found for assignee_id");
                    }
                    if (type.equals("admin")) {
                        admins.require(assigneeId, "assignee_id");
                    }
                }
                conversation.assign(type, Long.parseLong(assigneeId), sequence.nextId(), author, SandboxJson.text(request, "body"), sequence.now());
            }
            // close and assignment are the manage requests whose description has a body (close_conversation_request,
            // assign_conversation_request); open and snoozed have none
            case "close" -> conversation.setState("closed", null, sequence.nextId(), author, SandboxJson.text(request, "body"), sequence.now());
            case "open" -> conversation.setState("open", null, sequence.nextId(), author, null, sequence.now());
            case "snoozed" -> {
                JsonNode until = SandboxJson.required(request, "snoozed_until");
                if (!until.isIntegralNumber() || until.asLong() <= sequence.now()) {
                    throw SandboxError.invalid("snoozed_until must be a unix time in the future");
                }
                conversation.setState("snoozed", until.asLong(), sequence.nextId(), author, null, sequence.now());
            }
            default -> throw SandboxError.invalid("message_type must be assignment, close, open or snoozed");
        }
        return conversation.toWire();
    }

    private SandboxConversation newConversation(long now, ObjectNode contact, ObjectNode source, String title) {
        ObjectNode reference = SandboxJson.object().put("type", "contact").put("id", contact.get("id").asString());
        reference.set("external_id", contact.get("external_id"));
        SandboxConversation conversation = new SandboxConversation(String.valueOf(100_000_000L + sequence.next()),
                title, now, source, reference);
        conversations.put(conversation.id(), conversation);
        return conversation;
    }

    SandboxConversation require(String id) {
        SandboxConversation conversation = conversations.get(id);
        if (conversation == null) {
            throw SandboxError.notFound("Conversation Not Found");
        }
        return conversation;
    }

    private ObjectNode message(String type, long createdAt, String subject, String body, String messageType, String conversationId) {
        ObjectNode message = SandboxJson.object().put("type", type).put("id", sequence.nextId()).put("created_at", createdAt);
        SandboxJson.putIfPresent(message, "subject", subject);
        message.put("body", body).put("message_type", messageType);
        return SandboxJson.putIfPresent(message, "conversation_id", conversationId);
    }

    private static ObjectNode source(String id, String deliveredAs, String subject, String body, ObjectNode author) {
        ObjectNode source = SandboxJson.object().put("type", "conversation").put("id", id).put("delivered_as", deliveredAs)
                .put("subject", subject == null ? "" : subject).put("body", body);
        source.set("author", author);
        source.set("attachments", SandboxJson.array());
        source.putNull("url");
        return source.put("redacted", false);
    }

    private static ObjectNode authorOf(ObjectNode person) {
        ObjectNode author = SandboxJson.object()
                .put("type", "admin".equals(SandboxJson.text(person, "type")) ? "admin" : person.get("role").asString())
                .put("id", person.get("id").asString());
        author.set("name", person.get("name"));
        return SandboxJson.putIfPresent(author, "email", SandboxJson.text(person, "email"));
    }
}
