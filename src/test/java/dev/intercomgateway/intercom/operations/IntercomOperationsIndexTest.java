package dev.intercomgateway.intercom.operations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operation index the passthrough serves is Intercom's description, nothing more or less.
 * After replacing the description, regenerate it: {@code ./mvnw test -Dtest=IntercomOperationsIndexTest -Dintercom.operations.update=true}.
 */
class IntercomOperationsIndexTest {

    private static final Path INDEX = Path.of("src/main/resources", IntercomOperations.INDEX);
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void theIndexListsEveryOperationOfTheDescription() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("intercom.operations.update")) {
            Files.writeString(INDEX, generated);
        }
        assertThat(Files.readString(INDEX)).as("%s is generated from the description; regenerate it (see this test's javadoc)", INDEX)
                .isEqualTo(generated);
        assertThat(IntercomOperations.described().all()).hasSize((int) generated.lines().filter(line -> !line.startsWith("#")).count());
    }

    @SuppressWarnings("unchecked")
    static String generate() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        Map<String, Object> description;
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/intercom/api.intercom.io.2.16.yaml"))) {
            description = new Yaml(options).load(in);
        }
        List<String> lines = new ArrayList<>();
        lines.add("# method\tpath\toperationId\tfirst tag\taccess\tinteger path parameters (less DescriptionErrata)\trequired query parameters\trequest body types"
                + "\tacting as -- generated from api.intercom.io.2.16.yaml by IntercomOperationsIndexTest");
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) description.get("paths");
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                Map<String, Object> op = (Map<String, Object>) operation;
                List<String> tags = (List<String>) op.get("tags");
                String upper = method.toUpperCase(Locale.ROOT);
                // four reporting-export operations have no operationId: they are named by method and path
                String id = op.get("operationId") == null ? upper + " " + path : op.get("operationId").toString();
                List<Object> parameters = new ArrayList<>((List<Object>) item.getOrDefault("parameters", List.of()));
                parameters.addAll((List<Object>) op.getOrDefault("parameters", List.of()));
                List<String> integers = new ArrayList<>();
                Set<String> actingAs = new TreeSet<>();
                List<String> requiredQuery = new ArrayList<>();
                for (Object reference : parameters) {
                    Map<String, Object> parameter = resolve(description, reference);
                    Map<String, Object> schema = resolve(description, parameter.getOrDefault("schema", Map.of()));
                    if ("path".equals(parameter.get("in")) && "integer".equals(schema.get("type"))
                            && !DescriptionErrata.integerTypeIsAnErratum(HttpMethod.valueOf(upper), path, parameter.get("name").toString())) {
                        integers.add(parameter.get("name").toString());
                    }
                    if ("path".equals(parameter.get("in")) && "admin_id".equals(parameter.get("name")) && !upper.equals("GET")) {
                        actingAs.add(IntercomOperation.ACTING_AS_PATH);
                    }
                    if ("query".equals(parameter.get("in")) && Boolean.TRUE.equals(parameter.get("required"))) {
                        requiredQuery.add(parameter.get("name").toString());
                    }
                }
                Map<String, Object> body = op.get("requestBody") == null ? Map.of() : resolve(description, op.get("requestBody"));
                Map<String, Object> content = (Map<String, Object>) body.getOrDefault("content", Map.of());
                List<String> bodyTypes = new ArrayList<>(content.keySet());
                content.values().forEach(type -> actingFields(description, ((Map<String, Object>) type).getOrDefault("schema", Map.of()), 0, actingAs));
                String access = IntercomOperation.accessOf(HttpMethod.valueOf(upper), path).slug();
                lines.add(String.join("\t", upper, path, id, tags.getFirst(), access, list(integers), list(requiredQuery), list(bodyTypes),
                        list(new ArrayList<>(actingAs))));
            }
        }));
        return String.join("\n", lines) + "\n";
    }

    /**
     * The fields of a request schema, at any depth and in any of its alternatives, that name the admin
     * the operation is done as (see {@link IntercomOperation#ACTING_AS_FIELDS}): {@code admin_id},
     * {@code author_id}, and {@code from} where its {@code type} can be {@code admin}.
     */
    @SuppressWarnings("unchecked")
    private static void actingFields(Map<String, Object> description, Object node, int depth, Set<String> found) {
        if (!(node instanceof Map<?, ?>) || depth > 12) {
            return;
        }
        Map<String, Object> schema = resolve(description, node);
        for (String alternatives : List.of("oneOf", "anyOf", "allOf")) {
            ((List<Object>) schema.getOrDefault(alternatives, List.of())).forEach(each -> actingFields(description, each, depth + 1, found));
        }
        actingFields(description, schema.get("items"), depth + 1, found);
        ((Map<String, Object>) schema.getOrDefault("properties", Map.of())).forEach((name, property) -> {
            if (name.equals("admin_id") || name.equals("author_id") || (name.equals("from") && typedAdmin(description, property))) {
                found.add(name);
            }
            actingFields(description, property, depth + 1, found);
        });
    }

    @SuppressWarnings("unchecked")
    private static boolean typedAdmin(Map<String, Object> description, Object property) {
        Map<String, Object> properties = (Map<String, Object>) resolve(description, property).getOrDefault("properties", Map.of());
        Object type = properties.get("type");
        return type != null && ((List<Object>) resolve(description, type).getOrDefault("enum", List.of())).contains("admin");
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? "-" : String.join(",", values);
    }

    /** Follows {@code $ref: '#/components/...'} until it reaches the object itself. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> description, Object node) {
        Map<String, Object> current = (Map<String, Object>) node;
        while (current.containsKey("$ref")) {
            Object target = description;
            for (String part : current.get("$ref").toString().substring(2).split("/")) {
                target = ((Map<String, Object>) target).get(part);
            }
            current = (Map<String, Object>) target;
        }
        return current;
    }
}
