package dev.intercomgateway.intercom.operations;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class IntercomOperationsTest {

    private final IntercomOperations operations = IntercomOperations.described();

    @Test
    void aLiteralSegmentWinsOverAVariable() {
        assertThat(operations.match(HttpMethod.POST, "/contacts/search")).get()
                .satisfies(match -> assertThat(match.operation().operationId()).isEqualTo("SearchContacts"));
        assertThat(operations.match(HttpMethod.POST, "/contacts/merge")).get()
                .satisfies(match -> assertThat(match.operation().operationId()).isEqualTo("MergeContact"));
    }

    @Test
    void variablesAreNamedAsIntercomNamesThem() {
        var match = operations.match(HttpMethod.DELETE, "/contacts/6762f0d01bb6009f2193bb7e/tags/7001").orElseThrow();
        assertThat(match.operation().operationId()).isEqualTo("detachTagFromContact");
        assertThat(match.variables()).containsEntry("contact_id", "6762f0d01bb6009f2193bb7e").containsEntry("tag_id", "7001");
        assertThat(match.operation().pathTemplate()).isEqualTo("/contacts/{contact_id}/tags/{tag_id}");
    }

    @Test
    void scopesComeFromTheFirstTagAndTheMethod() {
        assertThat(scope(HttpMethod.GET, "/contacts/abc")).isEqualTo("intercom:contacts:read");
        assertThat(scope(HttpMethod.POST, "/contacts/search")).isEqualTo("intercom:contacts:read");
        assertThat(scope(HttpMethod.PUT, "/contacts/abc")).isEqualTo("intercom:contacts:write");
        assertThat(scope(HttpMethod.POST, "/conversations/1/reply")).isEqualTo("intercom:conversations:write");
        assertThat(scope(HttpMethod.POST, "/contacts/abc/tags")).isEqualTo("intercom:tags:write");
        assertThat(scope(HttpMethod.GET, "/me")).isEqualTo("intercom:admins:read");
        assertThat(operations.scopes()).contains("intercom:help_center:read", "intercom:ai_content:write");
    }

    @Test
    void whatIntercomDoesNotListIsNotMatched() {
        assertThat(operations.match(HttpMethod.GET, "/users")).isEmpty();
        assertThat(operations.match(HttpMethod.PATCH, "/contacts/abc")).isEmpty();
        assertThat(operations.match(HttpMethod.GET, "/contacts/abc/def/ghi")).isEmpty();
    }

    private String scope(HttpMethod method, String path) {
        return operations.match(method, path).orElseThrow().operation().scope();
    }
}
