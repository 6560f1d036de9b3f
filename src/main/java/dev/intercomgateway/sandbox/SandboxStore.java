package dev.intercomgateway.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import dev.intercomgateway.intercom.model.IntercomAdmin;
import dev.intercomgateway.intercom.model.IntercomAdminList;
import dev.intercomgateway.intercom.model.IntercomAuthor;
import dev.intercomgateway.intercom.model.IntercomContact;
import dev.intercomgateway.intercom.model.IntercomContactDeleted;
import dev.intercomgateway.intercom.model.IntercomContactList;
import dev.intercomgateway.intercom.model.IntercomContactWrite;
import dev.intercomgateway.intercom.model.IntercomConversation;
import dev.intercomgateway.intercom.model.IntercomConversationList;
import dev.intercomgateway.intercom.model.IntercomJson;
import dev.intercomgateway.intercom.model.IntercomMe;
import dev.intercomgateway.intercom.model.IntercomMessage;
import dev.intercomgateway.intercom.model.IntercomPages;

/**
 * The sandbox's in-memory workspace: contacts, admins and conversations, with Intercom's rules for
 * the calls the service makes. All methods are synchronized: it is a demo store, not a database.
 */
class SandboxStore {

    static final int MAX_PER_PAGE = 150;

    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong(1);
    private final Map<String, IntercomContact> contacts = new LinkedHashMap<>();
    private final Map<String, IntercomAdmin> admins = new LinkedHashMap<>();
    private final Map<String, SandboxConversation> conversations = new LinkedHashMap<>();

    SandboxStore(Clock clock) {
        this.clock = clock;
    }

    // ---- admins -------------------------------------------------------------------------------

    synchronized IntercomAdmin addAdmin(String name, String email, String jobTitle) {
        String id = String.valueOf(990_000 + sequence.getAndIncrement());
        IntercomAdmin admin = new IntercomAdmin("admin", id, name, email, jobTitle, false, true);
        admins.put(id, admin);
        return admin;
    }

    synchronized IntercomAdminList listAdmins() {
        return new IntercomAdminList("admin.list", List.copyOf(admins.values()));
    }

    synchronized IntercomMe me() {
        IntercomAdmin owner = admins.values().stream().findFirst()
                .orElseThrow(() -> new SandboxError(401, "unauthorized", "Access Token Invalid"));
        return new IntercomMe("admin", owner.id(), owner.name(), owner.email(),
                new IntercomMe.App("app", "sandbox", "Sandbox workspace", "US"));
    }

    private IntercomAdmin requireAdmin(String id, String field) {
        IntercomAdmin admin = id == null ? null : admins.get(id);
        if (admin == null) {
            throw SandboxError.notFound("Admin not found for " + field);
        }
        return admin;
    }

    // ---- contacts -----------------------------------------------------------------------------

    synchronized IntercomContact getContact(String id) {
        IntercomContact contact = contacts.get(id);
        if (contact == null) {
            throw SandboxError.notFound("User Not Found");
        }
        return contact;
    }

    synchronized IntercomContact createContact(IntercomContactWrite write) {
        String role = write.role() == null ? "user" : write.role();
        if (!role.equals("user") && !role.equals("lead")) {
            throw SandboxError.invalid("role must be user or lead");
        }
        if (role.equals("user") && blank(write.email()) && blank(write.externalId())) {
            throw new SandboxError(400, "parameter_invalid", "A user must have an email or an external_id");
        }
        rejectDuplicate(null, write);
        long now = now();
        IntercomContact contact = new IntercomContact("contact", "6650%020x".formatted(sequence.getAndIncrement()),
                write.externalId(), role, write.email(), write.phone(), write.name(), now, now, write.signedUpAt(),
                write.customAttributes() == null ? Map.of() : Map.copyOf(withoutNulls(write.customAttributes())));
        contacts.put(contact.id(), contact);
        return contact;
    }

    synchronized IntercomContact updateContact(String id, IntercomContactWrite write) {
        IntercomContact old = getContact(id);
        rejectDuplicate(id, write);
        Map<String, Object> attributes = new LinkedHashMap<>(old.customAttributes() == null ? Map.of() : old.customAttributes());
        if (write.customAttributes() != null) {
            attributes.putAll(write.customAttributes());
        }
        IntercomContact updated = new IntercomContact("contact", id,
                or(write.externalId(), old.externalId()), or(write.role(), old.role()), or(write.email(), old.email()),
                or(write.phone(), old.phone()), or(write.name(), old.name()), old.createdAt(), now(),
                or(write.signedUpAt(), old.signedUpAt()), Map.copyOf(withoutNulls(attributes)));
        contacts.put(id, updated);
        return updated;
    }

    synchronized IntercomContactDeleted deleteContact(String id) {
        IntercomContact removed = getContact(id);
        contacts.remove(id);
        return new IntercomContactDeleted("contact", id, removed.externalId(), true);
    }

    synchronized IntercomContactList searchContacts(JsonNode search) {
        Predicate<IntercomContact> filter = SandboxQuery.parse(search.get("query"));
        JsonNode pagination = search.get("pagination");
        int perPage = perPage(pagination == null ? null : pagination.get("per_page"), 50);
        String startingAfter = pagination == null || pagination.get("starting_after") == null
                || pagination.get("starting_after").isNull() ? null : pagination.get("starting_after").asString();
        List<IntercomContact> matching = contacts.values().stream().filter(filter).toList();
        Page<IntercomContact> page = page(matching, IntercomContact::id, perPage, startingAfter);
        return new IntercomContactList("list", page.items(), matching.size(), page.pages());
    }

    private void rejectDuplicate(String selfId, IntercomContactWrite write) {
        for (IntercomContact other : contacts.values()) {
            if (other.id().equals(selfId)) {
                continue;
            }
            boolean sameExternalId = !blank(write.externalId()) && write.externalId().equals(other.externalId());
            boolean sameEmail = !blank(write.email()) && write.email().equalsIgnoreCase(String.valueOf(other.email()))
                    && "user".equals(other.role());
            if (sameExternalId || sameEmail) {
                throw new SandboxError(409, "conflict", "A contact matching those details already exists with id=" + other.id());
            }
        }
    }

    // ---- conversations ------------------------------------------------------------------------

    synchronized IntercomConversationList listConversations(int perPage, String startingAfter) {
        List<SandboxConversation> newestFirst = new ArrayList<>(conversations.values()).reversed();
        Page<SandboxConversation> page = page(newestFirst, SandboxConversation::id, perPage, startingAfter);
        return new IntercomConversationList("conversation.list",
                page.items().stream().map(SandboxConversation::toSummary).toList(), newestFirst.size(), page.pages());
    }

    synchronized IntercomConversation getConversation(String id) {
        return requireConversation(id).toWire();
    }

    synchronized IntercomMessage startConversationAsContact(JsonNode request) {
        JsonNode from = required(request, "from");
        String type = text(from, "type");
        if (!List.of("user", "lead", "contact").contains(type)) {
            throw SandboxError.invalid("from.type must be one of user, lead, contact");
        }
        IntercomContact contact = getContact(required(from, "id").asString());
        String body = requiredText(request, "body");
        long now = now();
        SandboxConversation conversation = newConversation(now, contact,
                new IntercomConversation.Source("conversation", nextId(), "customer_initiated", null, body, authorOf(contact)), null);
        return new IntercomMessage("user_message", nextId(), now, null, body, "inapp", conversation.id());
    }

    synchronized IntercomMessage sendAdminMessage(JsonNode request) {
        String messageType = requiredText(request, "message_type");
        if (!messageType.equals("inapp") && !messageType.equals("email")) {
            throw SandboxError.invalid("message_type must be inapp or email");
        }
        String subject = text(request, "subject");
        if (messageType.equals("email") && blank(subject)) {
            throw SandboxError.missing("subject is required for email messages");
        }
        String body = requiredText(request, "body");
        JsonNode from = required(request, "from");
        if (!"admin".equals(text(from, "type"))) {
            throw SandboxError.invalid("from.type must be admin");
        }
        IntercomAdmin admin = requireAdmin(text(from, "id"), "from.id");
        JsonNode to = required(request, "to");
        if (!List.of("user", "lead", "contact").contains(String.valueOf(text(to, "type")))) {
            throw SandboxError.invalid("to.type must be one of user, lead, contact");
        }
        IntercomContact contact = getContact(text(to, "id"));
        long now = now();
        String conversationId = null;
        if (request.path("create_conversation_without_contact_reply").asBoolean(false)) {
            SandboxConversation conversation = newConversation(now, contact, new IntercomConversation.Source("conversation", nextId(),
                    "admin_initiated", subject, body, new IntercomAuthor("admin", admin.id(), admin.name(), admin.email())), subject);
            conversationId = conversation.id();
        }
        return new IntercomMessage("admin_message", nextId(), now, subject, body, messageType, conversationId);
    }

    synchronized IntercomConversation reply(String conversationId, JsonNode reply) {
        SandboxConversation conversation = requireConversation(conversationId);
        String messageType = requiredText(reply, "message_type");
        String body = requiredText(reply, "body");
        IntercomAuthor author;
        switch (requiredText(reply, "type")) {
            case "admin" -> {
                if (!messageType.equals("comment") && !messageType.equals("note")) {
                    throw SandboxError.invalid("message_type must be comment or note");
                }
                IntercomAdmin admin = requireAdmin(text(reply, "admin_id"), "admin_id");
                author = new IntercomAuthor("admin", admin.id(), admin.name(), admin.email());
            }
            case "user" -> {
                if (!messageType.equals("comment")) {
                    throw SandboxError.invalid("a user can only reply with message_type comment");
                }
                author = authorOf(getContact(text(reply, "intercom_user_id")));
            }
            default -> throw SandboxError.invalid("type must be admin or user");
        }
        conversation.addPart(nextId(), messageType, body, author, now());
        return conversation.toWire();
    }

    synchronized IntercomConversation manage(String conversationId, JsonNode request) {
        SandboxConversation conversation = requireConversation(conversationId);
        IntercomAdmin admin = requireAdmin(text(request, "admin_id"), "admin_id");
        IntercomAuthor author = new IntercomAuthor("admin", admin.id(), admin.name(), admin.email());
        switch (requiredText(request, "message_type")) {
            case "assignment" -> {
                IntercomAdmin assignee = requireAdmin(text(request, "assignee_id"), "assignee_id");
                conversation.assign(assignee.id(), nextId(), author, text(request, "body"), now());
            }
            case "close" -> conversation.setState("closed", nextId(), author, now());
            case "open" -> conversation.setState("open", nextId(), author, now());
            default -> throw SandboxError.invalid("message_type must be assignment, close or open");
        }
        return conversation.toWire();
    }

    private SandboxConversation newConversation(long now, IntercomContact contact, IntercomConversation.Source source, String title) {
        SandboxConversation conversation = new SandboxConversation(String.valueOf(100_000_000L + sequence.getAndIncrement()),
                title, now, source, new IntercomConversation.ContactReference("contact", contact.id(), contact.externalId()));
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

    // ---- helpers ------------------------------------------------------------------------------

    private record Page<T>(List<T> items, IntercomPages pages) {
    }

    /** Intercom's cursor pagination: the cursor names the last item of the previous page. */
    private static <T> Page<T> page(List<T> all, java.util.function.Function<T, String> idOf, int perPage, String startingAfter) {
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
        List<T> items = List.copyOf(all.subList(from, to));
        int pageNumber = from / perPage + 1;
        int totalPages = Math.max(1, Math.ceilDiv(all.size(), perPage));
        IntercomPages.Next next = to < all.size() ? new IntercomPages.Next(pageNumber + 1, encodeCursor(idOf.apply(items.getLast()))) : null;
        return new Page<>(items, new IntercomPages("pages", pageNumber, perPage, totalPages, next));
    }

    static String encodeCursor(String id) {
        return Base64.getEncoder().encodeToString(("[\"" + id + "\"]").getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String json = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            JsonNode node = IntercomJson.mapper().readTree(json);
            return node.get(0).asString();
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

    private static IntercomAuthor authorOf(IntercomContact contact) {
        return new IntercomAuthor("user", contact.id(), contact.name(), contact.email());
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw SandboxError.missing(field + " is required");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field) {
        String value = text(node, field);
        if (blank(value)) {
            throw SandboxError.missing(field + " is required");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
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

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.values().removeIf(Objects::isNull);
        return copy;
    }
}
