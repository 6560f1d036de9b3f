package dev.intercomgateway.intercom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every write of Intercom's description whose body schema has a field that may name an object
 * by id ({@code id}, {@code *_id}, {@code *_ids}, {@code from}, {@code into}, {@code users}, ...)
 * is either read by {@link CachedObjects#writtenBy} or documented as changing nothing cached; and
 * each body rule's field exists in its operation's schema.
 */
class CachedObjectsDescriptionTest {

    private static final Pattern NAMES_AN_OBJECT = Pattern.compile(
            "id|.*_id|.*_ids|from|into|to|cc|bcc|user|users|contacts|companies|customer|visitor");
    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");

    /** Field paths ({@code users[].id}) of each write's body, by path template. */
    private static final Map<String, Set<String>> BODY_FIELDS = new TreeMap<>();
    private static Map<String, Object> description;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/intercom/api.intercom.io.2.16.yaml"))) {
            description = new Yaml(options).load(in);
        }
        ((Map<String, Map<String, Object>>) description.get("paths")).forEach((path, item) -> item.forEach((method, operation) -> {
            if (!WRITES.contains(method) || !(operation instanceof Map<?, ?> op) || op.get("requestBody") == null) {
                return;
            }
            Map<String, Object> body = resolve(op.get("requestBody"));
            Map<String, Object> content = (Map<String, Object>) body.getOrDefault("content", Map.of());
            for (Object media : content.values()) {
                Object schema = ((Map<String, Object>) media).get("schema");
                fields(schema, "", Set.of(), BODY_FIELDS.computeIfAbsent(path, any -> new TreeSet<>()));
            }
        }));
    }

    @Test
    void everyWriteNamingAnObjectInItsBodyHasARuleOrASaysWhyNot() {
        Map<String, Set<String>> unclassified = new TreeMap<>();
        BODY_FIELDS.forEach((path, fields) -> {
            Set<String> naming = new TreeSet<>();
            for (String field : fields) {
                String last = field.substring(field.lastIndexOf('.') + 1).replace("[]", "");
                if (NAMES_AN_OBJECT.matcher(last).matches()) {
                    naming.add(field);
                }
            }
            if (!naming.isEmpty() && !CachedObjects.BODY_IDS.containsKey(path)
                    && !CachedObjects.BODY_IDS_CHANGING_NOTHING_CACHED.containsKey(path)) {
                unclassified.put(path, naming);
            }
        });
        assertThat(unclassified).as("writes whose body names objects by id, without a rule in CachedObjects").isEmpty();
        assertThat(CachedObjects.BODY_IDS.keySet()).as("rules for writes the description has").allSatisfy(path -> assertThat(BODY_FIELDS).containsKey(path));
        assertThat(CachedObjects.BODY_IDS_CHANGING_NOTHING_CACHED.keySet()).allSatisfy(path -> assertThat(BODY_FIELDS).containsKey(path));
        assertThat(CachedObjects.BODY_IDS.keySet()).doesNotContainAnyElementsOf(CachedObjects.BODY_IDS_CHANGING_NOTHING_CACHED.keySet());
    }

    @Test
    void everyRuleReadsAFieldOfItsWritesBody() {
        CachedObjects.BODY_IDS.forEach((path, rules) -> rules.forEach(rule -> assertThat(BODY_FIELDS.get(path))
                .as("%s %s", path, rule.field()).contains(rule.field())));
    }

    @Test
    void tagsAppliedToOrRemovedFromManyContactsDropThoseContacts() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        assertThat(CachedObjects.writtenBy("/tags", Map.of(), json.readTree("""
                {"name":"vip","users":[{"id":"c1"},{"id":"c2","untag":true},{"email":"x@example.com"}]}""")))
                .containsExactlyInAnyOrder("tags", "contact:c1", "contact:c2");
        assertThat(CachedObjects.writtenBy("/conversations/{id}/merge", Map.of("id", "1"), json.readTree("{\"merge_into_conversation_id\":\"2\"}")))
                .containsExactlyInAnyOrder("conversation:1", "conversation:2");
        assertThat(CachedObjects.writtenBy("/visitors/convert", Map.of(), json.readTree("""
                {"type":"user","user":{"id":"u1"},"visitor":{"id":"v1"}}"""))).containsExactlyInAnyOrder("contact:u1", "contact:v1");
        assertThat(CachedObjects.writtenBy("/messages", Map.of(), json.readTree("""
                {"from":{"type":"admin","id":"9"},"to":[{"type":"user","id":"c3"}],"cc":{"type":"user","id":"c4"}}""")))
                .containsExactlyInAnyOrder("contact:c3", "contact:c4");
        assertThat(CachedObjects.writtenBy("/tickets/{ticket_id}/linked_conversations", Map.of("ticket_id", "5"),
                json.readTree("{\"conversation_id\":77}"))).containsExactly("conversation:77");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Object node) {
        Map<String, Object> map = (Map<String, Object>) node;
        while (map.get("$ref") instanceof String reference) {
            Object target = description;
            for (String step : reference.substring(2).split("/")) {
                target = ((Map<String, Object>) target).get(step);
            }
            map = (Map<String, Object>) target;
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static void fields(Object node, String prefix, Set<String> refsSeen, Set<String> into) {
        if (!(node instanceof Map<?, ?>) || refsSeen.size() > 6) {
            return;
        }
        Set<String> seen = new java.util.HashSet<>(refsSeen);
        if (((Map<String, Object>) node).get("$ref") instanceof String name && !seen.add(name)) {
            return;
        }
        Map<String, Object> schema = resolve(node);
        for (String combined : List.of("oneOf", "anyOf", "allOf")) {
            for (Object part : (List<Object>) schema.getOrDefault(combined, List.of())) {
                fields(part, prefix, seen, into);
            }
        }
        if (schema.get("items") != null) {
            fields(schema.get("items"), prefix.isEmpty() ? prefix : prefix.substring(0, prefix.length() - 1) + "[].", seen, into);
        }
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        properties.forEach((name, property) -> {
            into.add(prefix + name);
            fields(property, prefix + name + ".", seen, into);
        });
    }
}
