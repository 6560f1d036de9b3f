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

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

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
        lines.add("# method\tpath\toperationId\tfirst tag\tinteger path parameters\trequired query parameters\trequest body types"
                + " -- generated from api.intercom.io.2.16.yaml by IntercomOperationsIndexTest");
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
                List<String> requiredQuery = new ArrayList<>();
                for (Object reference : parameters) {
                    Map<String, Object> parameter = resolve(description, reference);
                    Map<String, Object> schema = resolve(description, parameter.getOrDefault("schema", Map.of()));
                    if ("path".equals(parameter.get("in")) && "integer".equals(schema.get("type"))) {
                        integers.add(parameter.get("name").toString());
                    }
                    if ("query".equals(parameter.get("in")) && Boolean.TRUE.equals(parameter.get("required"))) {
                        requiredQuery.add(parameter.get("name").toString());
                    }
                }
                Map<String, Object> body = op.get("requestBody") == null ? Map.of() : resolve(description, op.get("requestBody"));
                List<String> bodyTypes = new ArrayList<>(((Map<String, Object>) body.getOrDefault("content", Map.of())).keySet());
                lines.add(String.join("\t", upper, path, id, tags.getFirst(), list(integers), list(requiredQuery), list(bodyTypes)));
            }
        }));
        return String.join("\n", lines) + "\n";
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
