package dev.intercomgateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intercomgateway.intercom.IntercomEndpoint;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Intercom-compatible surface on the built-in sandbox, driven as Intercom's SDK drives Intercom:
 * Intercom's paths and bodies under /intercom, the app's gateway key as the bearer token. Every
 * call the gateway forwards, and every answer, is checked against Intercom's description.
 */
@GatewayTest
class IntercomPassthroughSandboxTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    IntercomEndpoint endpoint;

    private final List<HttpCaller.Answer> seen = new ArrayList<>();

    private HttpCaller sdk(String key) {
        return new HttpCaller("http://localhost:" + port + "/intercom", key);
    }

    private HttpCaller.Answer ok(HttpCaller.Answer answer) {
        seen.add(answer);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    @Test
    void anSdkManagesContactsConversationsMessagesTagsAndAdminsThroughTheGateway() {
        HttpCaller sdk = sdk(TestCallers.SDK_KEY);

        JsonNode me = ok(sdk.get("/me")).json();
        assertThat(me.get("type").asString()).isEqualTo("admin");
        JsonNode admins = ok(sdk.get("/admins")).json();
        assertThat(admins.get("type").asString()).isEqualTo("admin.list");
        String adminId = admins.get("admins").get(0).get("id").asString();
        assertThat(ok(sdk.get("/admins/" + adminId)).json().get("id").asString()).isEqualTo(adminId);

        JsonNode created = ok(sdk.post("/contacts", "{\"role\":\"user\",\"email\":\"sdk.user@example.com\",\"name\":\"SDK User\"}")).json();
        String contactId = created.get("id").asString();
        assertThat(created.get("type").asString()).isEqualTo("contact");
        assertThat(ok(sdk.get("/contacts/" + contactId)).json().get("email").asString()).isEqualTo("sdk.user@example.com");
        assertThat(ok(sdk.put("/contacts/" + contactId, "{\"name\":\"SDK User Renamed\"}")).json().get("name").asString())
                .isEqualTo("SDK User Renamed");

        // the SDK's pager: per_page, then pages.next.starting_after until there is no next
        Set<String> listed = new HashSet<>();
        String cursor = null;
        int total;
        do {
            JsonNode page = ok(sdk.get("/contacts?per_page=2" + (cursor == null ? "" : "&starting_after=" + cursor))).json();
            page.get("data").forEach(contact -> assertThat(listed.add(contact.get("id").asString())).isTrue());
            total = page.get("total_count").asInt();
            JsonNode next = page.get("pages").get("next");
            cursor = next == null ? null : next.get("starting_after").asString();
        } while (cursor != null);
        assertThat(listed).hasSize(total).contains(contactId);

        JsonNode found = ok(sdk.post("/contacts/search",
                "{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"sdk.user@example.com\"}}")).json();
        assertThat(found.get("data")).hasSize(1);

        JsonNode message = ok(sdk.post("/messages", "{\"message_type\":\"in_app\",\"body\":\"Welcome from the SDK\",\"from\":{\"type\":\"admin\",\"id\":"
                + adminId + "},\"to\":{\"type\":\"user\",\"id\":\"" + contactId + "\"},\"create_conversation_without_contact_reply\":true}")).json();
        String conversationId = message.get("conversation_id").asString();
        ok(sdk.post("/conversations/" + conversationId + "/reply",
                "{\"message_type\":\"comment\",\"type\":\"admin\",\"admin_id\":\"" + adminId + "\",\"body\":\"A reply through the SDK\"}"));
        JsonNode assigned = ok(sdk.post("/conversations/" + conversationId + "/parts",
                "{\"message_type\":\"assignment\",\"type\":\"admin\",\"admin_id\":\"" + adminId + "\",\"assignee_id\":\"" + adminId + "\"}")).json();
        assertThat(assigned.get("admin_assignee_id").asString()).isEqualTo(adminId);
        JsonNode conversation = ok(sdk.get("/conversations/" + conversationId)).json();
        assertThat(conversation.toString()).contains("A reply through the SDK");

        JsonNode tag = ok(sdk.post("/tags", "{\"name\":\"sdk-vip\"}")).json();
        String tagId = tag.get("id").asString();
        ok(sdk.post("/contacts/" + contactId + "/tags", "{\"id\":\"" + tagId + "\"}"));
        assertThat(ok(sdk.get("/contacts/" + contactId + "/tags")).json().get("data").get(0).get("id").asString()).isEqualTo(tagId);
        assertThat(ok(sdk.get("/tags/" + tagId)).json().get("name").asString()).isEqualTo("sdk-vip");
        ok(sdk.delete("/contacts/" + contactId + "/tags/" + tagId));
        ok(sdk.delete("/tags/" + tagId));

        assertThat(ok(sdk.delete("/contacts/" + contactId)).json().get("deleted").asBoolean()).isTrue();
        assertThat(sdk.get("/contacts/" + contactId).status()).isEqualTo(404);

        for (HttpCaller.Answer answer : seen) {
            assertThat(answer.body()).doesNotContain(endpoint.accessToken());
            assertThat(answer.raw().headers().map().toString()).doesNotContain(endpoint.accessToken());
        }
    }

    /**
     * What the official Node SDK (intercom-client 7.0.3) sends for {@code messages.create} with an
     * in-app admin message ({@code CreateMessageRequest.Inapp}): {@code inapp}, a body, the admin's
     * integer id and the user. The schema's own {@code in_app} is taken too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"inapp", "in_app"})
    void theNodeSdksInAppAdminMessageIsSent(String spelling) {
        HttpCaller sdk = sdk(TestCallers.SDK_KEY);
        String userId = ok(sdk.post("/contacts", "{\"role\":\"user\",\"email\":\"node.sdk." + spelling + "@example.com\"}")).json()
                .get("id").asString();

        JsonNode message = ok(sdk.post("/messages", """
                {"message_type":"%s","body":"Hey, welcome aboard!","from":{"type":"admin","id":990001},"to":{"type":"user","id":"%s"}}"""
                .formatted(spelling, userId))).json();

        assertThat(message.get("type").asString()).isEqualTo("admin_message");
        assertThat(message.get("message_type").asString()).isEqualTo("inapp");
        assertThat(message.get("body").asString()).isEqualTo("Hey, welcome aboard!");
    }

    /** The manage requests whose description has a body keep it as their part's body, as Intercom does. */
    @Test
    void aCloseNoteAndAnAssignmentNoteSentThroughTheSdkAreKept() {
        HttpCaller sdk = sdk(TestCallers.SDK_KEY);
        String conversationId = "100000008";

        ok(sdk.post("/conversations/" + conversationId + "/parts",
                "{\"message_type\":\"assignment\",\"type\":\"team\",\"admin_id\":\"990001\",\"assignee_id\":\"5001\",\"body\":\"For the team\"}"));
        JsonNode closed = ok(sdk.post("/conversations/" + conversationId + "/parts",
                "{\"message_type\":\"close\",\"type\":\"admin\",\"admin_id\":\"990001\",\"body\":\"Refund issued.\"}")).json();

        JsonNode parts = closed.get("conversation_parts").get("conversation_parts");
        JsonNode close = parts.get(parts.size() - 1);
        assertThat(close.get("part_type").asString()).isEqualTo("close");
        assertThat(close.get("body").asString()).isEqualTo("Refund issued.");
        JsonNode assignment = parts.get(parts.size() - 2);
        assertThat(assignment.get("part_type").asString()).isEqualTo("assignment");
        assertThat(assignment.get("body").asString()).isEqualTo("For the team");
    }

    /**
     * The Node SDK's notes.create sends the contact's 24-hex id, which createNote's description types
     * integer (a description erratum): the note is made, and listed on the contact.
     */
    @Test
    void anSdkAddsANoteToAContactByItsRealId() {
        HttpCaller sdk = sdk(TestCallers.SDK_ALL_KEY);
        String contactId = ok(sdk.post("/contacts", "{\"role\":\"user\",\"email\":\"noted.user@example.com\"}")).json().get("id").asString();
        String adminId = ok(sdk.get("/admins")).json().get("admins").get(0).get("id").asString();

        JsonNode note = ok(sdk.post("/contacts/" + contactId + "/notes", "{\"body\":\"x\",\"admin_id\":\"" + adminId + "\"}")).json();

        assertThat(note.get("type").asString()).isEqualTo("note");
        assertThat(ok(sdk.get("/contacts/" + contactId + "/notes")).json().toString()).contains(note.get("id").asString());
    }

    /** As Intercom (its notes and description): a merged contact's old id is 410 contact_merged with a Link to the survivor. */
    @Test
    void aMergedContactIs410WithTheLinkToTheSurvivorThroughThePassthrough() {
        HttpCaller sdk = sdk(TestCallers.SDK_KEY);
        String lead = ok(sdk.post("/contacts", "{\"role\":\"lead\",\"email\":\"merged.lead@example.com\"}")).json().get("id").asString();
        String user = ok(sdk.post("/contacts", "{\"role\":\"user\",\"email\":\"surviving.user@example.com\"}")).json().get("id").asString();
        ok(sdk.post("/contacts/merge", "{\"from\":\"" + lead + "\",\"into\":\"" + user + "\"}"));

        HttpCaller.Answer gone = sdk.get("/contacts/" + lead);

        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().get("errors").get(0).get("code").asString()).isEqualTo("contact_merged");
        assertThat(gone.header("Link")).isEqualTo("</intercom/contacts/" + user + ">; rel=\"canonical\"");
    }

    /** An external id with ordinary characters is found through the passthrough as through the API, each encoded once on the way. */
    @ParameterizedTest
    @ValueSource(strings = {"7%off", "a;b", "a+b", "a b", "café-😀", "x=1&y=2", "user@example.com"})
    void aUserIsFoundByAnExternalIdWithOrdinaryCharacters(String externalId) {
        HttpCaller sdk = sdk(TestCallers.SDK_KEY);
        String json = "\"" + externalId + "\"";
        String id = ok(sdk.post("/contacts", "{\"role\":\"user\",\"external_id\":" + json + "}")).json().get("id").asString();
        String encoded = java.net.URLEncoder.encode(externalId, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");

        JsonNode found = ok(sdk.get("/contacts/find_by_external_id/" + encoded)).json();

        assertThat(found.get("id").asString()).isEqualTo(id);
        assertThat(found.get("external_id").asString()).isEqualTo(externalId);
        HttpCaller api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);
        assertThat(api.get("/api/v1/users?external_id=" + encoded).json().get("data").get(0).get("id").asString()).isEqualTo(id);
    }

    @Test
    void aMergedContactsExternalIdIs410WithTheLinkToTheSurvivor() {
        HttpCaller sdk = sdk(TestCallers.SDK_KEY);
        String lead = ok(sdk.post("/contacts", "{\"role\":\"lead\",\"external_id\":\"lead-7%off\"}")).json().get("id").asString();
        String user = ok(sdk.post("/contacts", "{\"role\":\"user\",\"email\":\"survivor.by.external.id@example.com\"}")).json().get("id").asString();
        ok(sdk.post("/contacts/merge", "{\"from\":\"" + lead + "\",\"into\":\"" + user + "\"}"));

        HttpCaller.Answer gone = sdk.get("/contacts/find_by_external_id/lead-7%25off");

        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.header("Link")).isEqualTo("</intercom/contacts/" + user + ">; rel=\"canonical\"");
        assertThat(sdk.get("/contacts/find_by_external_id/nobody-has-this").status()).isEqualTo(404);
    }

    @Test
    void intercomsOwnErrorsReachTheSdkAsIntercomSentThem() {
        HttpCaller.Answer missing = sdk(TestCallers.SDK_KEY).get("/contacts/000000000000000000000000");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("type").asString()).isEqualTo("error.list");
        assertThat(missing.json().get("errors").get(0).get("code").asString()).isEqualTo("not_found");
    }

    @Test
    void withoutCredentialsTheAnswerIsAnIntercomShaped401() {
        HttpCaller.Answer answer = sdk(null).get("/contacts/000000000000000000000000");

        assertErrorList(answer, 401, "unauthorized");
        assertThat(sdk("not-a-configured-key-0000000000").get("/me").status()).isEqualTo(401);
    }

    @Test
    void aCallerWithoutTheOperationsScopeGetsAnIntercomShaped403AndNothingIsCreated() {
        HttpCaller reader = sdk(TestCallers.SDK_READER_KEY);

        HttpCaller.Answer refused = reader.post("/contacts", "{\"role\":\"user\",\"email\":\"never.created@example.com\"}");

        assertErrorList(refused, 403, "forbidden");
        assertThat(refused.json().get("errors").get(0).get("message").asString()).contains("intercom:contacts:write");
        assertThat(ok(reader.post("/contacts/search",
                "{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"never.created@example.com\"}}")).json().get("data")).isEmpty();
        assertErrorList(reader.get("/admins"), 403, "forbidden");
        // the internal API's scopes do not open the Intercom surface
        assertErrorList(sdk(TestCallers.FULL_KEY).get("/contacts/000000000000000000000000"), 403, "forbidden");
    }

    @Test
    void whatIntercomsDescriptionDoesNotListIsAnIntercomShaped404() {
        HttpCaller sdk = sdk(TestCallers.SDK_KEY);

        assertErrorList(sdk.get("/users"), 404, "not_found");
        assertErrorList(sdk.patch("/contacts/6650a1", "{}"), 404, "not_found");
        assertErrorList(sdk.get(""), 404, "not_found");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedBeforeIntercom() {
        assertErrorList(sdk(TestCallers.SDK_KEY).post("/contacts", "{not json"), 400, "parameter_invalid");
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        String huge = "{\"role\":\"user\",\"name\":\"" + "x".repeat(1_100_000) + "\"}";

        assertErrorList(sdk(TestCallers.SDK_KEY).post("/contacts", huge), 413, "request_too_large");
    }

    @Test
    void metricsNameTheOperationNeverTheIds() {
        HttpCaller sdk = sdk(TestCallers.SDK_KEY);
        String contactId = ok(sdk.post("/contacts", "{\"role\":\"user\",\"email\":\"metrics.user@example.com\"}")).json().get("id").asString();
        ok(sdk.get("/contacts/" + contactId));

        String prometheus = new HttpCaller("http://localhost:" + managementPort).get("/actuator/prometheus").body();

        assertThat(prometheus).containsPattern("gateway_passthrough_requests_seconds_count\\{[^}]*operation=\"ShowContact\"[^}]*status=\"200\"");
        assertThat(prometheus).containsPattern("http_client_requests_seconds_count\\{[^}]*uri=\"/contacts/\\{contact_id}\"");
        assertThat(prometheus).doesNotContain(contactId);
        HttpCaller.Answer odd = sdk.send("BREW", "/contacts/" + contactId);
        assertThat(odd.status()).isBetween(400, 499);
        assertThat(new HttpCaller("http://localhost:" + managementPort).get("/actuator/prometheus").body())
                .as("a method the caller made up is no metric tag").doesNotContain("BREW");
    }

    private static void assertErrorList(HttpCaller.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("type").asString()).isEqualTo("error.list");
        assertThat(answer.json().get("errors").get(0).get("code").asString()).isEqualTo(code);
    }
}
