package dev.intercomgateway.intercom.cache;

import java.util.LinkedHashSet;
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

    /** Body fields naming contacts or conversations a write changes without its path naming them (merge, redact). */
    private static final Map<String, String> BODY_IDS = Map.of(
            "/contacts/merge", "contact",
            "/conversations/redact", "conversation");

    private CachedObjects() {
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
     * operation under {@code /contacts/{contact_id}}, ...), the ids a merge or redaction names in
     * its body, and the tag or team lists for writes under {@code /tags} or {@code /teams}.
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
        String bodyKind = BODY_IDS.get(pathTemplate);
        if (bodyKind != null && body != null && body.isObject()) {
            for (String field : new String[] {"from", "into", "conversation_id"}) {
                JsonNode id = body.get(field);
                if (id != null && (id.isString() || id.isNumber())) {
                    objects.add(bodyKind + ":" + id.asString());
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && (value.isString() || value.isIntegralNumber()) ? value.asString() : null;
    }
}
