package dev.intercomgateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The whole service configured with a token, against a WireMock standing in for api.intercom.io. */
@GatewayTest(properties = {
        "intercom.access-token=" + RealIntercomEndToEndTest.TOKEN,
        "intercom.health.cache-ttl=0s",
        "resilience4j.retry.instances.intercom.max-attempts=1"})
@ExtendWith(OutputCaptureExtension.class)
class RealIntercomEndToEndTest {

    static final String TOKEN = "dG9rLWUyZS0xMjM0NTY3ODkw";
    static final String CONTACT_JSON = "{\"type\":\"contact\",\"id\":\"6650a1\",\"role\":\"user\",\"email\":\"grace@example.com\",\"created_at\":1}";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void callerCredentialsAndHeadersAreNeverForwarded() throws Exception {
        intercom.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson(
                "{\"type\":\"contact\",\"id\":\"6650a1\",\"role\":\"user\",\"email\":\"grace@example.com\",\"created_at\":1}")));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/users/6650a1"))
                .header("Authorization", "Bearer " + TestCallers.FULL_KEY)
                .header("Cookie", "SESSION=callers-session")
                .header("X-Forwarded-For", "10.1.2.3")
                .header("Intercom-Version", "1.0")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        intercom.verify(getRequestedFor(urlEqualTo("/contacts/6650a1"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Intercom-Version", equalTo("2.16"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Cookie", absent())
                .withHeader("X-Forwarded-For", absent()));
    }

    @Test
    void aMergedUserIs410NamingTheSurvivingUserForGetUpdateAndDelete() {
        intercom.stubFor(get("/contacts/6650a1b2c3d4e5f600000001").willReturn(aResponse().withStatus(410)
                .withHeader("Content-Type", "application/json")
                .withHeader("Link", "</contacts/6650a1b2c3d4e5f600000009>; rel=\"canonical\"")
                .withBody(IntercomStandIn.errorList("contact_merged", "Contact has been merged into another contact"))));
        var api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);

        for (var answer : List.of(api.get("/api/v1/users/6650a1b2c3d4e5f600000001"),
                api.patch("/api/v1/users/6650a1b2c3d4e5f600000001", "{\"name\":\"x\"}"),
                api.delete("/api/v1/users/6650a1b2c3d4e5f600000001"))) {
            assertThat(answer.status()).isEqualTo(410);
            assertThat(answer.json().get("merged_into_id").asString()).isEqualTo("6650a1b2c3d4e5f600000009");
            assertThat(answer.json().get("detail").asString()).contains("merged into 6650a1b2c3d4e5f600000009");
            assertThat(answer.json().get("intercom_error_code").asString()).isEqualTo("contact_merged");
        }
        intercom.verify(0, anyRequestedFor(anyUrl()).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("x")));
    }

    @Test
    void aFeatureTheWorkspacesPlanLacksIs403SayingSoNotACredentialsProblem() {
        intercom.stubFor(get("/admins").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(IntercomStandIn.errorList("api_plan_restricted", "Active subscription needed."))));

        var answer = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY).get("/api/v1/admins");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("detail").asString()).contains("plan does not include this feature").doesNotContain("credentials");
        assertThat(answer.json().get("intercom_error_code").asString()).isEqualTo("api_plan_restricted");
    }

    @Test
    void anAdminEmailGoesOutAsIntercomDescribesIt() {
        intercom.stubFor(get("/contacts/6650a1b2c3d4e5f600000002").willReturn(okJson(
                "{\"type\":\"contact\",\"id\":\"6650a1b2c3d4e5f600000002\",\"role\":\"lead\",\"email\":\"v@example.com\",\"created_at\":1}")));
        intercom.stubFor(post("/messages").willReturn(okJson("""
                {"type":"admin_message","id":"m1","created_at":1700000000,"subject":"Invoices","body":"CSV now","message_type":"email"}""")));

        var answer = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY).post("/api/v1/conversations", """
                {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1b2c3d4e5f600000002"},
                 "message_type":"email","subject":"Invoices","body":"CSV now"}""");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("conversation_known").asBoolean()).isFalse();
        assertThat(answer.json().get("message_id").asString()).isEqualTo("m1");
        assertThat(answer.header("Location")).isNull();
        intercom.verify(postRequestedFor(urlEqualTo("/messages")).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson("""
                {"message_type":"email","subject":"Invoices","body":"CSV now","template":"plain",
                 "from":{"type":"admin","id":990001},"to":{"type":"lead","id":"6650a1b2c3d4e5f600000002"},
                 "create_conversation_without_contact_reply":true}""")));
    }

    @Test
    void rejectedTokenIs502ForCallersAndDownForOpsWithoutLeakingIt(CapturedOutput output) {
        intercom.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                "{\"type\":\"error.list\",\"request_id\":\"3f1d2c4b-0a5e-4e7f-9b8c-1d2e3f4a5b6c\",\"errors\":[{\"code\":\"unauthorized\",\"message\":\"Access Token Invalid\"}]}")));

        var api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY).get("/api/v1/admins");
        var health = new HttpCaller("http://localhost:" + managementPort).get("/actuator/health");

        assertThat(api.status()).isEqualTo(502);
        assertThat(api.json().get("intercom_request_id").asString()).isEqualTo("3f1d2c4b-0a5e-4e7f-9b8c-1d2e3f4a5b6c");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("components").get("intercom").get("status").asString()).isEqualTo("DOWN");
        assertThat(api.body() + health.body() + output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void sameIdempotencyKeyTwiceCallsIntercomOnceAndReplaysTheAnswer() throws Exception {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT_JSON)));
        String key = "create-grace-" + System.nanoTime();

        HttpResponse<String> first = send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key));
        HttpResponse<String> second = send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));

        HttpResponse<String> different = send(apiPost("/api/v1/users", "{\"email\":\"other@example.com\"}", key));
        assertThat(different.statusCode()).isEqualTo(409);
        assertThat(different.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void concurrentDuplicatesWaitForTheFirstAndShareItsAnswer() throws Exception {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT_JSON).withFixedDelay(500)));
        String key = "concurrent-" + System.nanoTime();

        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                answers.add(callers.submit(() -> send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key))));
            }
        }
        Set<String> bodies = new HashSet<>();
        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(201);
            bodies.add(answer.get().body());
        }
        assertThat(bodies).hasSize(1);
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void intercomsRefusalIsAnOutcomeAndIsReplayed() throws Exception {
        intercom.stubFor(post("/contacts").inScenario("throttled").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "{\"type\":\"error.list\",\"errors\":[{\"code\":\"parameter_invalid\",\"message\":\"Bad email\"}]}")));
        String key = "bad-" + System.nanoTime();

        assertThat(send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key)).statusCode()).isEqualTo(400);
        HttpResponse<String> replayed = send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key));
        assertThat(replayed.statusCode()).as("a 4xx decided by Intercom is an outcome: replayed").isEqualTo(400);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void throttledOutcomeIsNotKeptSoTheSameKeyCanBeRetried() throws Exception {
        intercom.stubFor(post("/contacts").inScenario("throttled").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"rate_limit_exceeded\"}]}"))
                .willSetStateTo("open"));
        intercom.stubFor(post("/contacts").inScenario("throttled").whenScenarioStateIs("open").willReturn(okJson(CONTACT_JSON)));
        String key = "throttled-" + System.nanoTime();

        assertThat(send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key)).statusCode()).isEqualTo(429);
        Thread.sleep(1_100);
        HttpResponse<String> retried = send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key));

        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
        intercom.verify(2, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void malformedIdempotencyKeyIs400() throws Exception {
        HttpResponse<String> response = send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", "x".repeat(256)));

        assertThat(response.statusCode()).isEqualTo(400);
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aPostIntercomAnswered503IsNotRepeatedAndItsKeyKeepsTheOutcome() throws Exception {
        intercom.stubFor(post("/contacts").willReturn(aResponse().withStatus(503)));
        String key = "create-after-503-" + System.nanoTime();

        HttpResponse<String> first = send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key));
        HttpResponse<String> again = send(apiPost("/api/v1/users", "{\"email\":\"grace@example.com\"}", key));

        assertThat(first.statusCode()).isEqualTo(502);
        assertThat(again.statusCode()).isEqualTo(502);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    private HttpRequest apiPost(String path, String json, String idempotencyKey) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TestCallers.FULL_KEY)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void traversalAttemptsNeverReachAnyOtherIntercomPath() {
        var api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);
        for (String path : new String[] {"/api/v1/users/..%2Fadmins", "/api/v1/users/..%2F..%2Fme", "/api/v1/users/%2e%2e",
                "/api/v1/users/a%3Fb", "/api/v1/users/a%23b", "/api/v1/conversations/1%2Freply"}) {
            assertThat(api.get(path).status()).as(path).isBetween(400, 404);
        }
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }
}
