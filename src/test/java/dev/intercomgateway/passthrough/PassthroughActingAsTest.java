package dev.intercomgateway.passthrough;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.contract.ContractViolations;
import dev.intercomgateway.contract.OffContractAnswers;
import dev.intercomgateway.intercom.operations.IntercomOperation;
import dev.intercomgateway.intercom.operations.IntercomOperations;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code admin-ids} on {@code /intercom}, over every operation Intercom's description says is done as
 * an admin (the index's "acting as" column): a caller restricted to admin 990001 is served as 990001,
 * refused as 990002 through each field that names the acting admin, and refused when it names none;
 * a refusal is a 403 {@code error.list} and nothing reaches Intercom. A caller without admin-ids may
 * act as any admin.
 */
@GatewayTest(properties = "resilience4j.retry.instances.intercom.max-attempts=1", testCallers = false)
@OffContractAnswers("the stand-in answers {} to every operation; the requests are judged in each test")
class PassthroughActingAsTest {

    static final String DESK_KEY = "acting-as-desk-key-990001";
    static final String OWN = "990001";
    static final String OTHER = "990002";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestCallers.register(registry);
        registry.add("gateway.clients[11].name", () -> "desk");
        registry.add("gateway.clients[11].key-sha256", () -> TestCallers.sha256(DESK_KEY));
        registry.add("gateway.clients[11].scopes", () -> "intercom:*:read,intercom:*:write");
        registry.add("gateway.clients[11].admin-ids", () -> OWN);
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void stub() {
        intercom.stubFor(any(anyUrl()).willReturn(okJson("{}")));
    }

    @Test
    void everyOperationDoneAsAnAdminHoldsTheCallerToItsAdmins() {
        List<IntercomOperation> acting = IntercomOperations.described().all().stream().filter(IntercomOperation::actsAsAnAdmin).toList();
        assertThat(acting).extracting(IntercomOperation::operationId).contains("replyConversation", "manageConversation", "createMessage",
                "createNote", "attachTagToConversation", "detachTagFromConversation", "replyTicket", "setAwayAdmin");
        Map<String, String> failures = new TreeMap<>();
        for (IntercomOperation operation : acting) {
            String name = operation.method() + " " + operation.pathTemplate();
            for (String field : operation.actingAs()) {
                expect(failures, name + " as " + OTHER + " in " + field, operation, field, OTHER, DESK_KEY, 403);
                expect(failures, name + " as " + OWN + " in " + field, operation, field, OWN, DESK_KEY, 200);
                expect(failures, name + " by an unrestricted caller as " + OTHER + " in " + field, operation, field, OTHER,
                        TestCallers.SDK_ALL_KEY, 200);
            }
            if (!operation.actingAs().contains(IntercomOperation.ACTING_AS_PATH)) {
                expect(failures, name + " naming no admin", operation, null, null, DESK_KEY, 403);
            }
        }
        assertThat(failures).as("operations done as an admin where admin-ids did not hold").isEmpty();
        assertThat(ContractViolations.drain()).filteredOn(violation -> violation.side() == ContractViolations.Side.REQUEST)
                .filteredOn(violation -> !violation.text().contains("[validation.request.body"))
                .as("requests whose path or query break Intercom's description").isEmpty();
    }

    @Test
    void anAdminNamedDeeperOrAsANumberCountsAndAContactNeedsNoAdmin() {
        HttpCaller desk = desk();
        var nested = desk.post("/articles", "{\"title\":\"T\",\"author_id\":990001,\"translated_content\":{\"fr\":{\"title\":\"T\",\"author_id\":990002}}}");
        assertThat(nested.status()).isEqualTo(403);
        assertThat(nested.json().get("type").asString()).isEqualTo("error.list");
        assertThat(nested.json().get("errors").get(0).get("code").asString()).isEqualTo("forbidden");
        assertThat(nested.json().get("errors").get(0).get("message").asString()).contains("990002");
        assertThat(desk.put("/tickets/123", "{\"admin_id\":990001,\"state\":\"in_progress\"}").status()).isEqualTo(200);
        assertThat(desk.post("/messages", "{\"message_type\":\"inapp\",\"body\":\"Hi\",\"from\":{\"type\":\"admin\",\"id\":990002},"
                + "\"to\":{\"type\":\"user\",\"id\":\"6650a1b2c3d4e5f600000001\"}}").status()).isEqualTo(403);
        assertThat(desk.post("/conversations/123/reply", "{\"message_type\":\"comment\",\"type\":\"user\",\"intercom_user_id\":\"6650a1b2c3d4e5f600000001\","
                + "\"body\":\"Thanks\"}").status()).as("a reply as the contact is done as no admin").isEqualTo(200);
        assertThat(desk.post("/conversations/123/parts", "{\"message_type\":\"assignment\",\"type\":\"admin\",\"admin_id\":\"990001\","
                + "\"assignee_id\":\"990002\"}").status()).as("assigning to another admin is done as 990001").isEqualTo(200);
        assertThat(intercom.getAllServeEvents()).hasSize(3);
        ContractViolations.drain();
    }

    /**
     * A key named twice is refused before anything reaches Intercom: the gateway would judge the
     * acting admin by one value while Intercom's parser might keep the other. Any JSON body of the
     * passthrough, at any depth, for restricted and unrestricted callers alike.
     */
    @Test
    void aBodyNamingAKeyTwiceIsRefusedAndNeverSent() {
        HttpCaller desk = desk();
        HttpCaller all = new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_ALL_KEY);
        String twice = "{\"message_type\":\"comment\",\"type\":\"admin\",\"admin_id\":\"990002\",\"admin_id\":\"990001\",\"body\":\"Hi\"}";
        String nested = "{\"role\":\"user\",\"email\":\"a@example.com\",\"custom_attributes\":{\"plan\":\"a\",\"plan\":\"b\"}}";
        for (var refused : List.of(desk.post("/conversations/123/reply", twice), all.post("/conversations/123/reply", twice),
                all.post("/contacts", nested), desk.post("/contacts", nested))) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("type").asString()).isEqualTo("error.list");
            assertThat(refused.json().get("errors").get(0).get("message").asString())
                    .containsAnyOf("field admin_id more than once", "field plan more than once").contains("nothing was sent to Intercom");
        }
        assertThat(all.post("/contacts", nested).json().get("errors").get(0).get("message").asString()).contains("/custom_attributes/plan");
        assertThat(intercom.getAllServeEvents()).isEmpty();
        assertThat(desk.post("/conversations/123/reply", twice.replace("\"admin_id\":\"990002\",", "")).status()).isEqualTo(200);
        ContractViolations.drain();
    }

    private void expect(Map<String, String> failures, String name, IntercomOperation operation, String field, String admin, String key, int status) {
        int before = intercom.getAllServeEvents().size();
        String path = PassthroughLeastPrivilegeTest.path(operation);
        String body = "{}";
        if (IntercomOperation.ACTING_AS_PATH.equals(field)) {
            path = path.replace("/123", "/" + admin);
        } else if ("from".equals(field)) {
            body = "{\"from\":{\"type\":\"admin\",\"id\":\"" + admin + "\"}}";
        } else if (field != null) {
            body = "{\"" + field + "\":\"" + admin + "\"}";
        }
        HttpCaller caller = new HttpCaller("http://localhost:" + port + "/intercom", key);
        HttpCaller.Answer answer = switch (operation.method().name()) {
            case "POST" -> caller.post(path, body);
            case "PUT" -> caller.put(path, body);
            case "DELETE" -> caller.delete(path, body);
            default -> throw new IllegalStateException(operation.method().name());
        };
        int reached = intercom.getAllServeEvents().size() - before;
        boolean ok = answer.status() == status && reached == (status == 200 ? 1 : 0)
                && (status == 200 || "error.list".equals(answer.json().path("type").asString("")));
        if (!ok) {
            failures.put(name, answer.status() + " (reached Intercom " + reached + " times) " + answer.body());
        }
    }

    private HttpCaller desk() {
        return new HttpCaller("http://localhost:" + port + "/intercom", DESK_KEY);
    }
}
