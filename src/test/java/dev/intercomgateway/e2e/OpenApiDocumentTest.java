package dev.intercomgateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The committed docs/openapi.json is the API the service serves. After an API change, refresh it
 * with {@code ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true} and review the diff.
 */
@GatewayTest(testCallers = false)
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("docs", "openapi.json");
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @LocalServerPort
    int port;

    @Test
    void committedDocumentEqualsTheServedOne() throws IOException {
        var served = new HttpCaller("http://localhost:" + port).get("/v3/api-docs");
        assertThat(served.status()).isEqualTo(200);
        JsonNode servedDocument = served.json();

        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, JSON.writeValueAsString(servedDocument) + "\n");
        }

        assertThat(COMMITTED).as("docs/openapi.json; refresh with -Dopenapi.update=true").exists();
        assertThat(JSON.readTree(Files.readString(COMMITTED)))
                .as("docs/openapi.json differs from /v3/api-docs; refresh with ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true")
                .isEqualTo(servedDocument);
    }

    @Test
    void everyOperationDocumentsItsProblemResponses() {
        JsonNode document = new HttpCaller("http://localhost:" + port).get("/v3/api-docs").json();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode responses = operation.getValue().get("responses");
            String where = operation.getKey() + " " + path.getKey();
            assertThat(responses.has("400")).as(where).isTrue();
            assertThat(responses.has("502")).as(where).isTrue();
            assertThat(responses.has("504")).as(where).isTrue();
            assertThat(responses.get("502").get("content").has("application/problem+json")).as(where).isTrue();
            if (path.getKey().contains("{id}")) {
                assertThat(responses.has("404")).as(where).isTrue();
            }
        }));
        assertThat(document.get("paths").has("/api/v1/users/{id}")).isTrue();
        assertThat(document.get("paths").has("/api/v1/conversations/{id}/replies")).isTrue();
        assertThat(document.get("paths").has("/api/v1/admins")).isTrue();
    }

    /**
     * Clients generated from the document name their methods after the operation ids, so every id is set by hand
     * ({@code @Operation(operationId = ...)}): unique, camelCase, never springdoc's {@code list_6} fallback, and unchanged
     * when a handler method is renamed. Every operation sits under a declared tag.
     */
    @Test
    void everyOperationHasAHumanUniqueIdAndADeclaredTag() {
        JsonNode document = new HttpCaller("http://localhost:" + port).get("/v3/api-docs").json();
        Set<String> declaredTags = new HashSet<>();
        document.get("tags").forEach(tag -> {
            assertThat(tag.path("description").asString()).as("tag %s has a description", tag.get("name")).isNotBlank();
            declaredTags.add(tag.get("name").asString());
        });
        Set<String> ids = new HashSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String where = operation.getKey().toUpperCase() + " " + path.getKey();
            String id = operation.getValue().path("operationId").asString();
            assertThat(id).as(where).matches("[a-z]+([A-Z][a-z]+)+").doesNotContain("_");
            assertThat(ids.add(id)).as("%s: operationId %s is not unique", where, id).isTrue();
            JsonNode tags = operation.getValue().path("tags");
            assertThat(tags.size()).as("%s has one tag", where).isEqualTo(1);
            assertThat(declaredTags).as(where).contains(tags.get(0).asString());
        }));
        assertThat(ids).contains("listUsers", "getUser", "createUser", "exportUsers", "closeConversation", "listAdmins");
    }
}
