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
    void scopesComeFromTheFirstTagAndWhatTheOperationDoes() {
        assertThat(scope(HttpMethod.GET, "/contacts/abc")).isEqualTo("intercom:contacts:read");
        assertThat(scope(HttpMethod.POST, "/contacts/search")).isEqualTo("intercom:contacts:read");
        assertThat(scope(HttpMethod.PUT, "/contacts/abc")).isEqualTo("intercom:contacts:write");
        assertThat(scope(HttpMethod.POST, "/conversations/1/reply")).isEqualTo("intercom:conversations:write");
        assertThat(scope(HttpMethod.POST, "/contacts/abc/tags")).isEqualTo("intercom:tags:write");
        assertThat(scope(HttpMethod.GET, "/me")).isEqualTo("intercom:admins:read");
        assertThat(operations.scopes()).contains("intercom:help_center:read", "intercom:ai_content:write");
        assertThat(scope(HttpMethod.POST, "/companies/list")).as("a list is a read whatever its method").isEqualTo("intercom:companies:read");
        assertThat(scope(HttpMethod.POST, "/tickets/search")).isEqualTo("intercom:tickets:read");
        assertThat(scope(HttpMethod.POST, "/export/content/data")).as("starting an export job is a write").isEqualTo("intercom:data_export:write");
        assertThat(scope(HttpMethod.DELETE, "/companies/abc")).isEqualTo("intercom:companies:write");
    }

    /**
     * The rule (safe method, or a POST to a {@code /search} or {@code /list} path) agrees with what
     * Intercom names its operations: every POST it makes a read is named as a search or a list, and
     * no POST named as a read (search, list, find, retrieve, get, show) is left a write.
     */
    @Test
    void everyPostThatReadsIsNamedAsAReadAndNoOther() {
        var readVerb = java.util.regex.Pattern.compile("(?i)(search|list|find|retrieve|get|show).*");
        var posts = operations.all().stream().filter(operation -> operation.method() == HttpMethod.POST).toList();
        assertThat(posts).filteredOn(IntercomOperation::isRead).extracting(IntercomOperation::operationId)
                .containsExactlyInAnyOrder("searchActivityLogs", "listAllCompanies", "SearchContacts", "searchConversations",
                        "listCallsWithTranscripts", "searchTickets");
        assertThat(posts).allSatisfy(operation -> assertThat(operation.isRead())
                .as("%s %s", operation.operationId(), operation.pathTemplate())
                .isEqualTo(readVerb.matcher(operation.operationId()).matches()));
        assertThat(operations.all()).filteredOn(operation -> operation.method() != HttpMethod.GET && operation.method() != HttpMethod.POST)
                .allSatisfy(operation -> assertThat(operation.isRead()).isFalse());
    }

    /** The admin a request is done as is found where the description puts it, not in a hand-kept list. */
    @Test
    void operationsDoneAsAnAdminComeFromTheDescription() {
        assertThat(actingAs(HttpMethod.POST, "/conversations/1/reply")).containsExactly("admin_id");
        assertThat(actingAs(HttpMethod.POST, "/conversations/1/parts")).as("assignee_id is whom it goes to, not who does it")
                .containsExactly("admin_id");
        assertThat(actingAs(HttpMethod.POST, "/messages")).containsExactly("from");
        assertThat(actingAs(HttpMethod.POST, "/contacts/abc/notes")).containsExactly("admin_id");
        assertThat(actingAs(HttpMethod.POST, "/articles")).containsExactly("author_id");
        assertThat(actingAs(HttpMethod.PUT, "/admins/1/away")).containsExactly("{admin_id}");
        assertThat(actingAs(HttpMethod.POST, "/conversations")).as("a conversation is started from a contact").isEmpty();
        assertThat(actingAs(HttpMethod.POST, "/tickets")).as("admin_assignee_id is whom the ticket goes to").isEmpty();
        assertThat(actingAs(HttpMethod.GET, "/admins/1")).isEmpty();
        assertThat(operations.all()).filteredOn(IntercomOperation::actsAsAnAdmin).hasSize(22).allSatisfy(operation -> {
            assertThat(operation.isRead()).isFalse();
            assertThat(IntercomOperation.ACTING_AS_FIELDS).containsAll(operation.actingAs().stream()
                    .filter(field -> !field.equals(IntercomOperation.ACTING_AS_PATH)).toList());
        });
    }

    private java.util.Set<String> actingAs(HttpMethod method, String path) {
        return operations.match(method, path).orElseThrow().operation().actingAs();
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
