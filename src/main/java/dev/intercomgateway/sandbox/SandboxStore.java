package dev.intercomgateway.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's in-memory workspace: contacts, admins and conversations, with Intercom's rules for
 * the calls the service makes, answered in the shapes of Intercom's description. All methods are
 * synchronized: it is a demo store, not a database.
 */
class SandboxStore {

    static final int MAX_PER_PAGE = 150;
    private static final Set<String> CONTACT_TEXT_FIELDS = Set.of("external_id", "email", "phone", "name", "avatar", "owner_id");
    private static final Set<String> CONTACT_TIME_FIELDS = Set.of("signed_up_at", "last_seen_at");

    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong(1);
    private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();
    private final Map<String, String> mergedInto = new LinkedHashMap<>();
    /** External id of a merged-away contact, to the id of the contact it was merged into. */
    private final Map<String, String> mergedExternalIds = new LinkedHashMap<>();
    private final Map<String, ObjectNode> admins = new LinkedHashMap<>();
    private final Map<String, ObjectNode> teams = new LinkedHashMap<>();
    private final Map<String, ObjectNode> tags = new LinkedHashMap<>();
    private final Map<String, java.util.Set<String>> contactTags = new LinkedHashMap<>();
    /** Tags are numbered apart from the sequence that numbers everything else (the README's ids stay put). */
    private final AtomicLong tagSequence = new AtomicLong(7001);
    private final Map<String, List<ObjectNode>> notes = new LinkedHashMap<>();
    private final AtomicLong noteSequence = new AtomicLong(3001);
    private final Map<String, SandboxConversation> conversations = new LinkedHashMap<>();

    SandboxStore(Clock clock) {
        this.clock = clock;
    }

    // ---- admins -------------------------------------------------------------------------------

    synchronized ObjectNode addAdmin(String name, String email, String jobTitle) {
        String id = String.valueOf(990_000 + sequence.getAndIncrement());
        ObjectNode admin = SandboxJson.object()
                .put("type", "admin").put("id", id).put("name", name).put("email", email).put("job_title", jobTitle)
                .put("away_mode_enabled", false).put("away_mode_reassign", false).put("has_inbox_seat", true);
        admin.putArray("team_ids");
        admins.put(id, admin);
        return admin.deepCopy();
    }

    synchronized ObjectNode listAdmins() {
        return list("admin.list", "admins", admins.values());
    }

    /** Teams have fixed ids, outside the sequence that numbers everything else (the README's ids stay put). */
    synchronized void addTeam(String id, String name, List<String> adminIds) {
        ObjectNode team = SandboxJson.object().put("type", "team").put("id", id).put("name", name);
        ArrayNode members = team.putArray("admin_ids");
        adminIds.forEach(admin -> members.add(Long.parseLong(admin)));
        teams.put(id, team);
    }

    synchronized ObjectNode listTeams() {
        return list("team.list", "teams", teams.values());
    }

    /** An unpaged Intercom list: {@code {"type": type, itemsField: [copies of items]}}. */
    private static ObjectNode list(String type, String itemsField, java.util.Collection<ObjectNode> items) {
        ObjectNode list = SandboxJson.object().put("type", type);
        ArrayNode all = list.putArray(itemsField);
        items.forEach(item -> all.add(item.deepCopy()));
        return list;
    }

    // ---- notes --------------------------------------------------------------------------------

    /** A contact's notes, newest first, in one answer. */
    synchronized ObjectNode listNotes(String contactId) {
        contact(contactId);
        List<ObjectNode> newestFirst = new ArrayList<>(notes.getOrDefault(contactId, List.of())).reversed();
        return page("list", "data", newestFirst, note -> note.get("id").asString(), ObjectNode::deepCopy, Math.max(1, newestFirst.size()), null);
    }

    /** {@code POST /contacts/{id}/notes}: the author is the admin given, else the workspace's first admin. */
    synchronized ObjectNode addNote(String contactId, JsonNode request) {
        contact(contactId);
        String body = SandboxJson.requiredText(request, "body");
        String adminId = SandboxJson.text(request, "admin_id");
        ObjectNode author = adminId == null ? admins.values().iterator().next() : requireAdmin(adminId, "admin_id");
        ObjectNode note = SandboxJson.object().put("type", "note").put("id", String.valueOf(noteSequence.getAndIncrement()))
                .put("created_at", now());
        note.putObject("contact").put("type", "contact").put("id", contactId);
        note.set("author", author.deepCopy());
        note.put("body", body);
        notes.computeIfAbsent(contactId, id -> new ArrayList<>()).add(note);
        return note.deepCopy();
    }

    // ---- tags ---------------------------------------------------------------------------------

    synchronized ObjectNode listTags() {
        return list("list", "data", tags.values());
    }

    /** {@code POST /tags}: creates the tag, or finds the one with that name. */
    synchronized ObjectNode createOrFindTag(JsonNode request) {
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

    synchronized ObjectNode getTag(String id) {
        return requireTag(id).deepCopy();
    }

    /** {@code DELETE /tags/{id}}: as Intercom, refused while a contact or conversation still carries the tag; no body. */
    synchronized Void deleteTag(String id) {
        requireTag(id);
        boolean inUse = contactTags.values().stream().anyMatch(tagIds -> tagIds.contains(id))
                || conversations.values().stream().anyMatch(conversation -> conversation.hasTag(id));
        if (inUse) {
            throw new SandboxError(400, "tag_has_dependent_objects", "Unable to delete Tag with dependent objects");
        }
        tags.remove(id);
        return null;
    }

    /** {@code GET /contacts/{id}/tags}: the contact's tags as a tag list. */
    synchronized ObjectNode listContactTags(String contactId) {
        contact(contactId);
        return list("list", "data", contactTags.getOrDefault(contactId, java.util.Set.of()).stream().map(tags::get).toList());
    }

    private ObjectNode requireTag(String id) {
        ObjectNode tag = id == null ? null : tags.get(id);
        if (tag == null) {
            throw SandboxError.notFound("Tag not found");
        }
        return tag;
    }

    synchronized ObjectNode tagContact(String contactId, JsonNode request) {
        contact(contactId);
        ObjectNode tag = requireTag(SandboxJson.requiredText(request, "id"));
        contactTags.computeIfAbsent(contactId, id -> new java.util.LinkedHashSet<>()).add(tag.get("id").asString());
        return tag.deepCopy();
    }

    synchronized ObjectNode untagContact(String contactId, String tagId) {
        contact(contactId);
        ObjectNode tag = requireTag(tagId);
        contactTags.getOrDefault(contactId, java.util.Set.of()).remove(tagId);
        return tag.deepCopy();
    }

    synchronized ObjectNode tagConversation(String conversationId, JsonNode request) {
        SandboxConversation conversation = requireConversation(conversationId);
        requireAdmin(SandboxJson.requiredText(request, "admin_id"), "admin_id");
        ObjectNode tag = requireTag(SandboxJson.requiredText(request, "id"));
        conversation.tag(tag);
        return tag.deepCopy();
    }

    synchronized ObjectNode untagConversation(String conversationId, String tagId, JsonNode request) {
        SandboxConversation conversation = requireConversation(conversationId);
        requireAdmin(SandboxJson.requiredText(request, "admin_id"), "admin_id");
        ObjectNode tag = requireTag(tagId);
        conversation.untag(tagId);
        return tag.deepCopy();
    }

    synchronized ObjectNode me() {
        ObjectNode owner = admins.values().stream().findFirst()
                .orElseThrow(() -> new SandboxError(401, "unauthorized", "Access Token Invalid")).deepCopy();
        owner.put("email_verified", true);
        owner.putObject("app").put("type", "app").put("id_code", "sandbox").put("name", "Sandbox workspace").put("region", "US")
                .put("timezone", "UTC").put("created_at", 1_700_000_000L).put("identity_verification", false);
        return owner;
    }

    private ObjectNode requireAdmin(String id, String field) {
        ObjectNode admin = id == null ? null : admins.get(id);
        if (admin == null) {
            throw SandboxError.notFound("Admin not found for " + field);
        }
        return admin;
    }

    // ---- contacts -----------------------------------------------------------------------------

    synchronized ObjectNode getContact(String id) {
        return contact(id).deepCopy();
    }

    /**
     * {@code GET /contacts/find_by_external_id/{external_id}}: a user only, as Intercom's description says; for
     * a contact merged away, 410 {@code contact_merged} with the Link to the survivor, as for its id.
     */
    synchronized ObjectNode findUserByExternalId(String externalId) {
        for (ObjectNode contact : contacts.values()) {
            if ("user".equals(contact.get("role").asString()) && externalId.equals(SandboxJson.text(contact, "external_id"))) {
                return contact.deepCopy();
            }
        }
        String survivor = mergedExternalIds.get(externalId);
        if (survivor != null) {
            throw SandboxError.merged(survivor);
        }
        throw SandboxError.notFound("User Not Found");
    }

    private ObjectNode contact(String id) {
        ObjectNode contact = contacts.get(id);
        if (contact == null) {
            String survivor = mergedInto.get(id);
            if (survivor != null) {
                throw SandboxError.merged(survivor);
            }
            throw SandboxError.notFound("User Not Found");
        }
        return contact;
    }

    synchronized ObjectNode createContact(JsonNode request) {
        String role = request.has("role") ? SandboxJson.requiredText(request, "role") : "user";
        if (!role.equals("user") && !role.equals("lead")) {
            throw SandboxError.invalid("role must be user or lead");
        }
        if (role.equals("user") && blank(SandboxJson.text(request, "email")) && blank(SandboxJson.text(request, "external_id"))) {
            throw new SandboxError(400, "parameter_invalid", "A user must have an email or an external_id");
        }
        rejectDuplicate(null, request);
        long now = now();
        ObjectNode contact = SandboxJson.object()
                .put("type", "contact")
                .put("id", "6650%020x".formatted(sequence.getAndIncrement()))
                .put("workspace_id", "sandbox")
                .put("role", role);
        contact.putNull("external_id");
        contact.putNull("phone");
        contact.putNull("name");
        contact.putNull("signed_up_at");
        contact.putNull("last_seen_at");
        contact.put("created_at", now).put("updated_at", now)
                .put("has_hard_bounced", false).put("marked_email_as_spam", false).put("unsubscribed_from_emails", false);
        contact.putObject("custom_attributes");
        apply(contact, request);
        contacts.put(contact.get("id").asString(), contact);
        return contact.deepCopy();
    }

    synchronized ObjectNode updateContact(String id, JsonNode request) {
        ObjectNode contact = contact(id);
        rejectDuplicate(id, request);
        if (request.hasNonNull("role")) {
            String role = SandboxJson.requiredText(request, "role");
            if (!role.equals("user") && !role.equals("lead")) {
                throw SandboxError.invalid("role must be user or lead");
            }
            contact.put("role", role);
        }
        apply(contact, request);
        contact.put("updated_at", now());
        return contact.deepCopy();
    }

    /** Writes the fields of a create or update request that are present; custom attributes are merged, a null removes one. */
    private static void apply(ObjectNode contact, JsonNode request) {
        for (String field : CONTACT_TEXT_FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                if (!value.isString()) {
                    throw SandboxError.invalid(field + " must be a string");
                }
                contact.put(field, value.asString());
            }
        }
        if (contact.hasNonNull("email")) {
            String email = contact.get("email").asString();
            contact.put("email_domain", email.substring(email.indexOf('@') + 1));
        }
        for (String field : CONTACT_TIME_FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                    throw SandboxError.invalid(field + " must be a unix timestamp in seconds");
                }
                contact.put(field, value.asLong());
            }
        }
        JsonNode attributes = request.get("custom_attributes");
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isObject()) {
                throw SandboxError.invalid("custom_attributes must be an object");
            }
            ObjectNode kept = (ObjectNode) contact.get("custom_attributes");
            attributes.properties().forEach(entry -> {
                if (entry.getValue().isNull()) {
                    kept.remove(entry.getKey());
                } else {
                    kept.set(entry.getKey(), entry.getValue().deepCopy());
                }
            });
        }
    }

    synchronized ObjectNode deleteContact(String id) {
        ObjectNode removed = contact(id);
        contacts.remove(id);
        ObjectNode deleted = SandboxJson.object().put("type", "contact").put("id", id);
        deleted.set("external_id", removed.get("external_id"));
        return deleted.put("deleted", true);
    }

    /** {@code POST /contacts/merge}: a lead into a user; the lead's id then answers 410 pointing at the user. */
    synchronized ObjectNode mergeContacts(JsonNode request) {
        String fromId = SandboxJson.requiredText(request, "from");
        String intoId = SandboxJson.requiredText(request, "into");
        ObjectNode lead = contact(fromId);
        ObjectNode user = contact(intoId);
        if (!"lead".equals(lead.get("role").asString()) || !"user".equals(user.get("role").asString())) {
            throw SandboxError.invalid("Only a lead can be merged, and only into a user");
        }
        contacts.remove(fromId);
        mergedInto.put(fromId, intoId);
        String leadExternalId = SandboxJson.text(lead, "external_id");
        if (!blank(leadExternalId)) {
            mergedExternalIds.put(leadExternalId, intoId);
        }
        mergedInto.replaceAll((merged, survivor) -> survivor.equals(fromId) ? intoId : survivor);
        user.put("updated_at", now());
        return user.deepCopy();
    }

    /** {@code GET /contacts}: every contact, oldest first, in Intercom's cursor pages. */
    synchronized ObjectNode listContacts(int perPage, String startingAfter) {
        return page("list", "data", new ArrayList<>(contacts.values()), contact -> contact.get("id").asString(), ObjectNode::deepCopy, perPage,
                startingAfter);
    }

    synchronized ObjectNode searchContacts(JsonNode search) {
        Predicate<JsonNode> filter = SandboxQuery.parse(search.get("query"));
        JsonNode pagination = search.get("pagination");
        int perPage = perPage(pagination == null ? null : pagination.get("per_page"), 50);
        String startingAfter = SandboxJson.text(pagination, "starting_after");
        List<ObjectNode> matching = contacts.values().stream().filter(filter).toList();
        return page("list", "data", matching, contact -> contact.get("id").asString(), ObjectNode::deepCopy, perPage, startingAfter);
    }

    private void rejectDuplicate(String selfId, JsonNode request) {
        String externalId = SandboxJson.text(request, "external_id");
        String email = SandboxJson.text(request, "email");
        for (ObjectNode other : contacts.values()) {
            String otherId = other.get("id").asString();
            if (otherId.equals(selfId)) {
                continue;
            }
            boolean sameExternalId = !blank(externalId) && externalId.equals(SandboxJson.text(other, "external_id"));
            boolean sameEmail = !blank(email) && email.equalsIgnoreCase(String.valueOf(SandboxJson.text(other, "email")))
                    && "user".equals(SandboxJson.text(other, "role"));
            if (sameExternalId || sameEmail) {
                throw new SandboxError(409, "conflict", "A contact matching those details already exists with id=" + otherId);
            }
        }
    }

    // ---- conversations ------------------------------------------------------------------------

    synchronized ObjectNode listConversations(int perPage, String startingAfter) {
        List<SandboxConversation> newestFirst = new ArrayList<>(conversations.values()).reversed();
        return page("conversation.list", "conversations", newestFirst, SandboxConversation::id, SandboxConversation::summary, perPage,
                startingAfter);
    }

    private static final Set<String> CONVERSATION_FIELDS = Set.of("id", "state", "open", "admin_assignee_id", "team_assignee_id",
            "created_at", "updated_at");

    /** Conversation search over the summary Intercom lists: its scalar fields, and contact_ids for the contacts in it. */
    private static final SandboxQuery.Fields CONVERSATIONS = name -> {
        if (name.equals("contact_ids")) {
            return conversation -> conversation.path("contacts").path("contacts").valueStream().map(c -> c.get("id").asString()).toList();
        }
        return CONVERSATION_FIELDS.contains(name) ? conversation -> SandboxQuery.single(SandboxJson.text(conversation, name)) : null;
    };

    synchronized ObjectNode searchConversations(JsonNode search) {
        Predicate<JsonNode> filter = SandboxQuery.parse(search.get("query"), CONVERSATIONS);
        JsonNode pagination = search.get("pagination");
        int perPage = perPage(pagination == null ? null : pagination.get("per_page"), 20);
        String startingAfter = SandboxJson.text(pagination, "starting_after");
        List<SandboxConversation> matching = new ArrayList<>(conversations.values()).reversed().stream()
                .filter(conversation -> filter.test(conversation.summary())).toList();
        return page("conversation.list", "conversations", matching, SandboxConversation::id, SandboxConversation::summary, perPage,
                startingAfter);
    }

    synchronized ObjectNode getAdmin(String id) {
        return requireAdmin(id, "admin_id").deepCopy();
    }

    synchronized ObjectNode getConversation(String id) {
        return requireConversation(id).toWire();
    }

    synchronized ObjectNode startConversationAsContact(JsonNode request) {
        JsonNode from = SandboxJson.required(request, "from");
        String type = SandboxJson.text(from, "type");
        if (!List.of("user", "lead", "contact").contains(String.valueOf(type))) {
            throw SandboxError.invalid("from.type must be one of user, lead, contact");
        }
        ObjectNode contact = contact(SandboxJson.requiredText(from, "id"));
        if (!type.equals("contact") && !type.equals(contact.get("role").asString())) {
            throw SandboxError.invalid("from.type " + type + " does not match the contact's role");
        }
        String body = SandboxJson.requiredText(request, "body");
        long now = now();
        ObjectNode source = source(nextId(), "customer_initiated", null, body, authorOf(contact));
        SandboxConversation conversation = newConversation(now, contact, source, null);
        return message("user_message", now, null, body, "inapp", conversation.id());
    }

    synchronized ObjectNode sendAdminMessage(JsonNode request) {
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
        ObjectNode admin = requireAdmin(String.valueOf(adminId.asLong()), "from.id");
        JsonNode to = SandboxJson.required(request, "to");
        String toType = SandboxJson.text(to, "type");
        if (!List.of("user", "lead").contains(String.valueOf(toType))) {
            throw SandboxError.invalid("to.type must be user or lead");
        }
        ObjectNode contact = contact(SandboxJson.requiredText(to, "id"));
        if (!toType.equals(contact.get("role").asString())) {
            throw SandboxError.invalid("to.type " + toType + " does not match the contact's role");
        }
        long now = now();
        String conversationId = null;
        if (request.path("create_conversation_without_contact_reply").asBoolean(false)) {
            ObjectNode source = source(nextId(), "admin_initiated", subject, body, authorOf(admin));
            conversationId = newConversation(now, contact, source, subject).id();
        }
        // Intercom's answer spells in-app messages "inapp" (the message schema's enum)
        return message("admin_message", now, subject, body, messageType, conversationId);
    }

    synchronized ObjectNode reply(String conversationId, JsonNode reply) {
        SandboxConversation conversation = requireConversation(conversationId);
        String messageType = SandboxJson.requiredText(reply, "message_type");
        String body = SandboxJson.requiredText(reply, "body");
        ObjectNode author;
        switch (SandboxJson.requiredText(reply, "type")) {
            case "admin" -> {
                if (!messageType.equals("comment") && !messageType.equals("note")) {
                    throw SandboxError.invalid("message_type must be comment or note");
                }
                author = authorOf(requireAdmin(SandboxJson.text(reply, "admin_id"), "admin_id"));
            }
            case "user" -> {
                if (!messageType.equals("comment")) {
                    throw SandboxError.invalid("a contact can only reply with message_type comment");
                }
                author = authorOf(contact(SandboxJson.requiredText(reply, "intercom_user_id")));
            }
            default -> throw SandboxError.invalid("type must be admin or user");
        }
        conversation.addPart(nextId(), messageType, body, author, now());
        return conversation.toWire();
    }

    synchronized ObjectNode manage(String conversationId, JsonNode request) {
        SandboxConversation conversation = requireConversation(conversationId);
        ObjectNode author = authorOf(requireAdmin(SandboxJson.text(request, "admin_id"), "admin_id"));
        switch (SandboxJson.requiredText(request, "message_type")) {
            case "assignment" -> {
                String type = SandboxJson.requiredText(request, "type");
                String assigneeId = SandboxJson.requiredText(request, "assignee_id");
                if (!type.equals("admin") && !type.equals("team")) {
                    throw SandboxError.invalid("type must be admin or team");
                }
                if (!assigneeId.equals("0")) {
                    if (type.equals("team") && !teams.containsKey(assigneeId)) {
                        throw SandboxError.notFound("Team not found for assignee_id");
                    }
                    if (type.equals("admin")) {
                        requireAdmin(assigneeId, "assignee_id");
                    }
                }
                conversation.assign(type, Long.parseLong(assigneeId), nextId(), author, SandboxJson.text(request, "body"), now());
            }
            // close and assignment are the manage requests whose description has a body (close_conversation_request,
            // assign_conversation_request); open and snoozed have none
            case "close" -> conversation.setState("closed", null, nextId(), author, SandboxJson.text(request, "body"), now());
            case "open" -> conversation.setState("open", null, nextId(), author, null, now());
            case "snoozed" -> {
                JsonNode until = SandboxJson.required(request, "snoozed_until");
                if (!until.isIntegralNumber() || until.asLong() <= now()) {
                    throw SandboxError.invalid("snoozed_until must be a unix time in the future");
                }
                conversation.setState("snoozed", until.asLong(), nextId(), author, null, now());
            }
            default -> throw SandboxError.invalid("message_type must be assignment, close, open or snoozed");
        }
        return conversation.toWire();
    }

    private SandboxConversation newConversation(long now, ObjectNode contact, ObjectNode source, String title) {
        ObjectNode reference = SandboxJson.object().put("type", "contact").put("id", contact.get("id").asString());
        reference.set("external_id", contact.get("external_id"));
        SandboxConversation conversation = new SandboxConversation(String.valueOf(100_000_000L + sequence.getAndIncrement()),
                title, now, source, reference);
        conversations.put(conversation.id(), conversation);
        return conversation;
    }

    private SandboxConversation requireConversation(String id) {
        SandboxConversation conversation = conversations.get(id);
        if (conversation == null) {
            throw SandboxError.notFound("Conversation Not Found");
        }
        return conversation;
    }

    private ObjectNode message(String type, long createdAt, String subject, String body, String messageType, String conversationId) {
        ObjectNode message = SandboxJson.object().put("type", type).put("id", nextId()).put("created_at", createdAt);
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

    // ---- helpers ------------------------------------------------------------------------------

    /** Intercom's cursor pagination: the cursor names the last item of the previous page. */
    private static <T> ObjectNode page(String type, String itemsField, List<T> all, Function<T, String> idOf, Function<T, ObjectNode> toJson,
            int perPage, String startingAfter) {
        int from = 0;
        if (startingAfter != null) {
            String afterId = decodeCursor(startingAfter);
            int index = -1;
            for (int i = 0; i < all.size(); i++) {
                if (idOf.apply(all.get(i)).equals(afterId)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw SandboxError.invalid("starting_after does not name a position in this list");
            }
            from = index + 1;
        }
        int to = Math.min(all.size(), from + perPage);
        ObjectNode page = SandboxJson.object().put("type", type);
        ArrayNode items = page.putArray(itemsField);
        all.subList(from, to).forEach(item -> items.add(toJson.apply(item)));
        page.put("total_count", all.size());
        ObjectNode pages = page.putObject("pages").put("type", "pages")
                .put("page", from / perPage + 1)
                .put("per_page", perPage)
                .put("total_pages", Math.ceilDiv(all.size(), perPage));
        if (to < all.size()) {
            pages.putObject("next").put("per_page", perPage).put("starting_after", encodeCursor(idOf.apply(all.get(to - 1))));
        }
        return page;
    }

    static String encodeCursor(String id) {
        return Base64.getEncoder().encodeToString(("[\"" + id + "\"]").getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String json = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            return SandboxJson.MAPPER.readTree(json).get(0).asString();
        } catch (RuntimeException e) {
            throw SandboxError.invalid("starting_after is not a valid cursor");
        }
    }

    static int perPage(JsonNode value, int fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        int perPage = value.asInt(-1);
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw SandboxError.invalid("per_page must be between 1 and " + MAX_PER_PAGE);
        }
        return perPage;
    }

    private static ObjectNode authorOf(ObjectNode person) {
        ObjectNode author = SandboxJson.object()
                .put("type", "admin".equals(SandboxJson.text(person, "type")) ? "admin" : person.get("role").asString())
                .put("id", person.get("id").asString());
        author.set("name", person.get("name"));
        return SandboxJson.putIfPresent(author, "email", SandboxJson.text(person, "email"));
    }

    private String nextId() {
        return String.valueOf(sequence.getAndIncrement() + 1_000_000_000L);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
