package dev.intercomgateway.intercom.cache;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;

/**
 * Which Intercom object a cached read shows, and which objects a write or a notification changes.
 * Objects are named {@code contact:<id>}, {@code conversation:<id>}, {@code admin:<id>},
 * {@code teams} and {@code tags}; the path templates are those of Intercom's API 2.16 description.
 */
public final class CachedObjects {

    /** The reads kept (a contact with its tags and notes' summary, a conversation with its parts, ...), by path template. */
    private static final Map<String, String> READS = Map.of(
            "/contacts/{contact_id}", "contact",
            "/conversations/{conversation_id}", "conversation",
            "/admins/{admin_id}", "admin",
            "/teams", "teams",
            "/tags", "tags");

    /** The collections whose objects are cached, by the first segment of a path, and what one object of each is called. */
    private static final Map<String, String> COLLECTIONS = Map.of("contacts", "contact", "conversations", "conversation", "admins", "admin");

    /**
     * Every write of Intercom's description whose body names, by Intercom id, a contact or a
     * conversation it may change, by path template: the object kind and where the id is in the body
     * ({@code users[].id}: the {@code id} of each element of {@code users}; a field that is one object
     * or a list of them is read both ways). Conservative: a write that may touch the object (a reply
     * moves a contact's {@code last_replied_at}) drops it. {@link #BODY_IDS_CHANGING_NOTHING_CACHED}
     * lists the other writes whose bodies carry ids; a test keeps both lists complete against the description.
     */
    static final Map<String, List<BodyId>> BODY_IDS = Map.ofEntries(
            Map.entry("/tags", List.of(new BodyId("contact", "users[].id"))),
            Map.entry("/contacts/merge", List.of(new BodyId("contact", "from"), new BodyId("contact", "into"))),
            Map.entry("/conversations/redact", List.of(new BodyId("conversation", "conversation_id"))),
            Map.entry("/conversations/{id}/merge", List.of(new BodyId("conversation", "merge_into_conversation_id"))),
            Map.entry("/visitors/convert", List.of(new BodyId("contact", "user.id"), new BodyId("contact", "visitor.id"))),
            Map.entry("/conversations", List.of(new BodyId("contact", "from.id"))),
            Map.entry("/conversations/{conversation_id}/reply", List.of(new BodyId("contact", "intercom_user_id"))),
            Map.entry("/conversations/{conversation_id}/customers", List.of(new BodyId("contact", "customer.intercom_user_id"),
                    new BodyId("contact", "customer.customer.intercom_user_id"))),
            Map.entry("/tickets/{ticket_id}/reply", List.of(new BodyId("contact", "intercom_user_id"))),
            Map.entry("/tickets", List.of(new BodyId("conversation", "conversation_to_link_id"))),
            Map.entry("/tickets/enqueue", List.of(new BodyId("conversation", "conversation_to_link_id"))),
            Map.entry("/tickets/{ticket_id}/linked_conversations", List.of(new BodyId("conversation", "conversation_id"))),
            Map.entry("/messages", List.of(new BodyId("contact", "to[].id"), new BodyId("contact", "cc[].id"), new BodyId("contact", "bcc[].id"))),
            Map.entry("/events", List.of(new BodyId("contact", "id"))),
            Map.entry("/fin/start", List.of(new BodyId("conversation", "conversation_id"))),
            Map.entry("/fin/reply", List.of(new BodyId("conversation", "conversation_id"))),
            Map.entry("/fin/csat", List.of(new BodyId("conversation", "conversation_id"))));

    /**
     * The writes whose bodies carry ids that change no cached object, each with why: the object
     * they change is in the path (handled by it), or the ids name the acting admin, a company, a
     * tag, a ticket, an article, ... (none of them cached), or an id of the caller's own system.
     * A contact named only by {@code user_id} or {@code email} (its external id) cannot be mapped
     * to its Intercom id without a call: such a write's contact shows the change after the TTL or
     * the webhook that announces it.
     */
    static final Map<String, String> BODY_IDS_CHANGING_NOTHING_CACHED = Map.ofEntries(
            Map.entry("/admins/{admin_id}/away", "the admin is in the path; the body names an away reason"),
            Map.entry("/contacts", "owner_id names the admin who owns the new contact; that admin does not change"),
            Map.entry("/contacts/{contact_id}", "the contact is in the path; owner_id names an admin, external_id is the contact's own"),
            Map.entry("/contacts/{contact_id}/companies", "the contact is in the path; the body names a company"),
            Map.entry("/contacts/{contact_id}/notes", "the contact is in the path; admin_id names the author"),
            Map.entry("/contacts/{contact_id}/subscriptions", "the contact is in the path; the body names a subscription type"),
            Map.entry("/contacts/{contact_id}/tags", "the contact is in the path; the body names a tag"),
            Map.entry("/conversations/{conversation_id}", "the conversation is in the path; company_id names a company"),
            Map.entry("/conversations/{conversation_id}/parts", "the conversation is in the path; the ids name the acting admin and the assignee"),
            Map.entry("/conversations/{conversation_id}/tags", "the conversation is in the path; the ids name the acting admin and a tag"),
            Map.entry("/conversations/{conversation_id}/tags/{tag_id}", "the conversation is in the path; admin_id names the acting admin"),
            Map.entry("/conversations/{conversation_id}/customers/{contact_id}", "both objects are in the path; admin_id names the acting admin"),
            Map.entry("/conversations/{conversation_id}/convert", "the conversation is in the path; the ids name a ticket type and state"),
            Map.entry("/conversations/attributes", "a data attribute definition; the ids name an object type and teams, which it does not change"),
            Map.entry("/conversations/attributes/{id}", "a data attribute definition; the ids name an object type and teams, which it does not change"),
            Map.entry("/companies", "companies are not cached; company_id is the company's own id"),
            Map.entry("/companies/{company_id}/notes", "companies are not cached; admin_id names the author"),
            Map.entry("/tickets/{ticket_id}", "tickets are not cached; the ids name admins, a company and a state"),
            Map.entry("/tickets/{ticket_id}/tags", "tickets are not cached; the ids name the acting admin and a tag"),
            Map.entry("/tickets/{ticket_id}/tags/{tag_id}", "tickets are not cached; admin_id names the acting admin"),
            Map.entry("/tickets/{ticket_id}/change_type", "tickets are not cached; the ids name a ticket type and state"),
            Map.entry("/visitors", "visitors are not cached (they are read at /visitors, not /contacts)"),
            Map.entry("/events/summaries", "event summaries; user_id is the caller's own id for the user"),
            Map.entry("/calls/search", "a search: it changes nothing"),
            Map.entry("/articles", "articles are not cached; the ids name audiences, authors and a parent"),
            Map.entry("/articles/{article_id}", "articles are not cached"),
            Map.entry("/articles/{id}/draft", "articles are not cached"),
            Map.entry("/articles/{article_id}/tags", "articles are not cached; the ids name the acting admin and a tag"),
            Map.entry("/internal_articles", "internal articles are not cached"),
            Map.entry("/internal_articles/{internal_article_id}", "internal articles are not cached"),
            Map.entry("/internal_articles/{internal_article_id}/tags", "internal articles are not cached; the ids name the acting admin and a tag"),
            Map.entry("/content_snippets", "snippets are not cached"),
            Map.entry("/content_snippets/{id}", "snippets are not cached"),
            Map.entry("/content_snippets/{content_snippet_id}/tags", "snippets are not cached; the ids name the acting admin and a tag"),
            Map.entry("/content/bulk_actions", "content (articles, snippets) is not cached; the ids name content, segments and tags"),
            Map.entry("/ai/content_import_sources", "AI content sources are not cached"),
            Map.entry("/ai/content_import_sources/{source_id}", "AI content sources are not cached"),
            Map.entry("/ai/external_pages", "AI external pages are not cached"),
            Map.entry("/ai/external_pages/{page_id}", "AI external pages are not cached"),
            Map.entry("/help_center/collections", "help center collections are not cached"),
            Map.entry("/help_center/collections/{collection_id}", "help center collections are not cached"),
            Map.entry("/help_center/help_centers/{help_center_id}/redirects", "help center redirects are not cached"),
            Map.entry("/news/news_items", "news items are not cached; the ids name newsfeeds and the sender"),
            Map.entry("/news/news_items/{news_item_id}", "news items are not cached"),
            Map.entry("/export/reporting_data/enqueue", "a reporting export: it changes no object"),
            Map.entry("/data_connectors", "data connectors are not cached"),
            Map.entry("/data_connectors/{id}", "data connectors are not cached"),
            Map.entry("/custom_object_instances/{custom_object_type_identifier}", "custom object instances are not cached"),
            Map.entry("/fin_voice/register", "a Fin voice call of the caller's telephony, not a cached object"));

    /** Where a write's body names an object: its kind and the field path ({@code users[].id}). */
    record BodyId(String kind, String field) {
    }

    private CachedObjects() {
    }

    /**
     * Whether a webhook announces changes of the object: contacts ({@code contact.*}, {@code user.*},
     * {@code contact.tag.*}, ...) and conversations ({@code conversation.*}) yes; the team list, the
     * tag list and admins no (Intercom's only admin topics are {@code admin.away_mode_updated} and
     * the like, nothing for a profile, a team membership or a tag renamed), so those keep the short TTL.
     */
    public static boolean announcedByWebhooks(String object) {
        return object.startsWith("contact:") || object.startsWith("conversation:");
    }

    /** The object a GET shows, if the read is one the cache keeps. */
    public static Optional<String> read(HttpMethod method, String pathTemplate, Map<String, String> variables) {
        String kind = HttpMethod.GET.equals(method) ? READS.get(pathTemplate) : null;
        if (kind == null) {
            return Optional.empty();
        }
        if (variables.isEmpty()) {
            return Optional.of(kind);
        }
        return Optional.of(kind + ":" + variables.values().iterator().next());
    }

    /**
     * The objects a write may change: the contact, conversation or admin its path names (any
     * operation under {@code /contacts/{contact_id}}, ...), the ids its body names ({@link #BODY_IDS}:
     * the contacts a tag is applied to or removed from, a merge's, a redaction's, ...), and the tag or team lists for writes under {@code /tags} or {@code /teams}.
     *
     * @param body the write's JSON body, or null
     */
    public static Set<String> writtenBy(String pathTemplate, Map<String, String> variables, JsonNode body) {
        Set<String> objects = new LinkedHashSet<>();
        String[] segments = pathTemplate.split("/");
        String collection = segments.length > 1 ? segments[1] : "";
        if (collection.equals("tags") || collection.equals("teams")) {
            objects.add(collection);
        }
        String kind = COLLECTIONS.get(collection);
        if (kind != null && segments.length > 2 && segments[2].startsWith("{")) {
            objects.add(kind + ":" + variables.get(segments[2].substring(1, segments[2].length() - 1)));
        }
        variables.forEach((name, value) -> {
            if (name.equals("contact_id") || name.equals("conversation_id") || name.equals("admin_id")) {
                objects.add(name.substring(0, name.length() - 3) + ":" + value);
            }
        });
        if (body != null) {
            for (BodyId named : BODY_IDS.getOrDefault(pathTemplate, List.of())) {
                for (JsonNode id : values(body, named.field().split("\\."), 0)) {
                    if ((id.isString() && !id.asString().isBlank()) || id.isIntegralNumber()) {
                        objects.add(named.kind() + ":" + id.asString());
                    }
                }
            }
        }
        return objects;
    }

    /**
     * The objects a notification says changed: its item's contact, conversation or admin (a
     * {@code contact_tag} item's contact, a part's conversation), and the tag list for tag topics.
     */
    public static Set<String> namedBy(String topic, JsonNode item) {
        Set<String> objects = new LinkedHashSet<>();
        if (item == null || !item.isObject()) {
            return objects;
        }
        String type = text(item, "type");
        String id = text(item, "id");
        if (id != null && type != null) {
            switch (type) {
                case "contact", "user", "lead" -> objects.add("contact:" + id);
                case "conversation" -> objects.add("conversation:" + id);
                case "admin" -> objects.add("admin:" + id);
                default -> { }
            }
        }
        JsonNode contact = item.get("contact");
        if (contact != null && text(contact, "id") != null) {
            objects.add("contact:" + text(contact, "id"));
        }
        if (text(item, "conversation_id") != null) {
            objects.add("conversation:" + text(item, "conversation_id"));
        }
        if (topic.contains("tag") || item.has("tag")) {
            objects.add("tags");
        }
        return objects;
    }

    /** The item's {@code updated_at} (unix seconds), or 0 when it has none. */
    public static long updatedAt(JsonNode item) {
        JsonNode updatedAt = item == null ? null : item.get("updated_at");
        return updatedAt != null && updatedAt.canConvertToLong() ? updatedAt.asLong() : 0;
    }

    /** The values at a field path ({@code users[].id}): a field that holds a list is read element by element, with or without {@code []}. */
    private static List<JsonNode> values(JsonNode node, String[] steps, int step) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (node.isArray()) {
            List<JsonNode> found = new ArrayList<>();
            node.forEach(element -> found.addAll(values(element, steps, step)));
            return found;
        }
        if (step == steps.length) {
            return List.of(node);
        }
        if (!node.isObject()) {
            return List.of();
        }
        return values(node.get(steps[step].replace("[]", "")), steps, step + 1);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && (value.isString() || value.isIntegralNumber()) ? value.asString() : null;
    }
}
