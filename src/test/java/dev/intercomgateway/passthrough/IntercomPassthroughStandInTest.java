package dev.intercomgateway.passthrough;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Intercom-compatible surface in front of a stand-in for api.intercom.io: what reaches Intercom
 * (the token swapped in, nothing of the caller's that could leak or steer), what comes back (as
 * Intercom sent it), and the gateway's guarantees on the way (retries by method, Idempotency-Key, audit).
 */
@GatewayTest(properties = {
        "intercom.access-token=" + IntercomPassthroughStandInTest.TOKEN,
        "intercom.retry.base-backoff=10ms",
        "gateway.passthrough.allowed-versions=2.15",
        "intercom.response-timeout=1s"})
@ExtendWith(OutputCaptureExtension.class)
class IntercomPassthroughStandInTest {

    static final String TOKEN = "dG9rLXBhc3N0aHJvdWdoLTk4NzY1";
    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"6650a1b2c3d4e5f600000001\",\"role\":\"user\",\"email\":\"grace@example.com\","
            + "\"created_at\":1}";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    private HttpCaller sdk() {
        return new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_KEY);
    }

    @Test
    void theIntercomTokenReplacesTheCallersKeyAndNothingElseOfTheCallersTravels() {
        intercom.stubFor(get(urlPathEqualTo("/contacts/6650a1b2c3d4e5f600000001")).willReturn(okJson(CONTACT)
                .withHeader("X-RateLimit-Limit", "1666").withHeader("X-RateLimit-Remaining", "1600")
                .withHeader("Set-Cookie", "intercom-session=abc")));

        HttpCaller.Answer answer = sdk()
                .with("Cookie", "SESSION=the-apps-session")
                .with("X-Forwarded-For", "10.1.2.3")
                .with("X-Forwarded-Host", "evil.example.com")
                .with("X-Fern-SDK-Name", "intercom-client")
                .with("Intercom-Version", "2.14")
                .with("Accept", "*/*")
                .get("/contacts/6650a1b2c3d4e5f600000001?include_merge_history=false");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("email").asString()).isEqualTo("grace@example.com");
        assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo("1600");
        assertThat(answer.header("Set-Cookie")).isNull();
        intercom.verify(getRequestedFor(urlEqualTo("/contacts/6650a1b2c3d4e5f600000001?include_merge_history=false"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Intercom-Version", equalTo("2.16"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Cookie", absent())
                .withHeader("X-Forwarded-For", absent())
                .withHeader("X-Forwarded-Host", absent())
                .withHeader("X-Fern-SDK-Name", absent()));
        assertThat(intercom.getAllServeEvents()).allSatisfy(event ->
                assertThat(event.getRequest().toString()).doesNotContain(TestCallers.SDK_KEY));
    }

    @Test
    void aCallerMayChooseAnAllowedVersionOnly() {
        intercom.stubFor(get("/admins").willReturn(okJson("{\"type\":\"admin.list\",\"admins\":[]}")));

        assertThat(sdk().with("Intercom-Version", "2.15").get("/admins").status()).isEqualTo(200);
        assertThat(sdk().with("Intercom-Version", "Unstable").get("/admins").status()).isEqualTo(200);

        intercom.verify(1, getRequestedFor(urlEqualTo("/admins")).withHeader("Intercom-Version", equalTo("2.15")));
        intercom.verify(1, getRequestedFor(urlEqualTo("/admins")).withHeader("Intercom-Version", equalTo("2.16")));
    }

    @Test
    void hostilePathsNeverReachIntercom() {
        HttpCaller sdk = sdk();
        for (String path : new String[] {"/contacts/..%2Fadmins", "/contacts/%2e%2e", "/contacts/a%00b", "/contacts/a%5Cb",
                "/contacts/%2E%2E/tags", "/../api/v1/users", "/contacts/" + "x".repeat(300)}) {
            HttpCaller.Answer answer = sdk.get(path);
            assertThat(answer.status()).as(path).isBetween(400, 499);
        }
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void whatIntercomsDescriptionRulesOutIsRefusedBeforeIntercom() {
        HttpCaller sdk = sdk();

        HttpCaller.Answer notAnInteger = sdk.get("/conversations/abc");
        HttpCaller.Answer missingQuery = new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_ALL_KEY).get("/admins/activity_logs");
        HttpCaller.Answer notJson = sdk.with("Content-Type", "text/plain").post("/contacts/6650a1b2c3d4e5f600000001/tags", "id=7001");

        assertThat(notAnInteger.status()).isEqualTo(400);
        assertThat(notAnInteger.json().get("errors").get(0).get("message").asString()).contains("conversation_id must be an integer");
        assertThat(missingQuery.status()).isEqualTo(400);
        assertThat(missingQuery.json().get("errors").get(0).get("message").asString()).contains("created_at_after is required");
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(notJson.json().get("errors").get(0).get("code").asString()).isEqualTo("unsupported_media_type");
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void bodiesTravelAsTheCallerWroteThem() {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT)));
        String body = "{\"role\":\"user\",\"email\":\"grace@example.com\",\"custom_attributes\":{\"plan\":\"pro\"}}";

        assertThat(sdk().post("/contacts", body).status()).isEqualTo(200);

        intercom.verify(postRequestedFor(urlEqualTo("/contacts")).withRequestBody(equalToJson(body))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void intercomsErrorsPassUnchanged() {
        String error = "{\"type\":\"error.list\",\"request_id\":\"7a9b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d\",\"errors\":[{\"code\":\"conflict\","
                + "\"message\":\"A contact matching those details already exists with id=6650a1b2c3d4e5f600000001\"}]}";
        intercom.stubFor(post("/contacts").willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json").withBody(error)));

        HttpCaller.Answer answer = sdk().post("/contacts", "{\"role\":\"user\",\"email\":\"grace@example.com\"}");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body()).isEqualTo(error);
    }

    @Test
    void aReadIsRetriedAfterAServerErrorAndAThrottle() {
        intercom.stubFor(get("/admins").inScenario("flaky").whenScenarioStateIs(STARTED).willSetStateTo("throttled")
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody(IntercomStandIn.errorList("service_unavailable", "Try later"))));
        intercom.stubFor(get("/admins").inScenario("flaky").whenScenarioStateIs("throttled").willSetStateTo("fine")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", "0")
                        .withBody(IntercomStandIn.errorList("rate_limit_exceeded", "Exceeded rate limit of 1666 in 10_seconds"))));
        intercom.stubFor(get("/admins").inScenario("flaky").whenScenarioStateIs("fine")
                .willReturn(okJson("{\"type\":\"admin.list\",\"admins\":[]}")));

        HttpCaller.Answer answer = sdk().get("/admins");

        assertThat(answer.status()).isEqualTo(200);
        intercom.verify(3, getRequestedFor(urlEqualTo("/admins")));
    }

    @Test
    void aWriteIsNotRepeatedAfterIntercomMayHaveActedOnIt() {
        intercom.stubFor(post("/conversations/123/reply").willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody(IntercomStandIn.errorList("service_unavailable", "Try later"))));

        HttpCaller.Answer answer = sdk().post("/conversations/123/reply",
                "{\"message_type\":\"comment\",\"type\":\"admin\",\"admin_id\":\"991267\",\"body\":\"Once\"}");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("type").asString()).isEqualTo("error.list");
        intercom.verify(1, postRequestedFor(urlEqualTo("/conversations/123/reply")));
    }

    @Test
    void intercomRefusingTheGatewaysTokenIsTheGatewaysFaultNotTheCallers() {
        intercom.stubFor(get("/me").willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(IntercomStandIn.errorList("unauthorized", "Access Token Invalid"))));

        HttpCaller.Answer answer = sdk().get("/me");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("type").asString()).isEqualTo("error.list");
        assertThat(answer.json().get("errors").get(0).get("code").asString()).isEqualTo("server_error");
    }

    @Test
    void aWriteThatIntercomDoesNotAnswerInTimeIsA504SentOnce() {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT).withFixedDelay(2_500)));

        HttpCaller.Answer answer = sdk().post("/contacts", "{\"role\":\"user\",\"email\":\"slow@example.com\"}");

        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.json().get("errors").get(0).get("code").asString()).isEqualTo("request_timeout");
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void anIdempotencyKeyMakesARepeatedWriteAReplay() {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT)));
        HttpCaller keyed = sdk().with("Idempotency-Key", "create-grace-1");

        HttpCaller.Answer first = keyed.post("/contacts", "{\"role\":\"user\",\"email\":\"grace@example.com\"}");
        HttpCaller.Answer second = keyed.post("/contacts", "{\"role\":\"user\",\"email\":\"grace@example.com\"}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void everyCallIsAuditedWithTheOperationAndItsIds(CapturedOutput output) {
        intercom.stubFor(get(urlPathEqualTo("/contacts/6650a1b2c3d4e5f600000001")).willReturn(okJson(CONTACT)));

        sdk().get("/contacts/6650a1b2c3d4e5f600000001");
        new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_READER_KEY).delete("/contacts/6650a1b2c3d4e5f600000001");

        assertThat(output.getOut()).contains("\"caller\":\"sdk-app\",\"operation\":\"GET ShowContact /contacts/{contact_id}\","
                + "\"intercom_ids\":{\"contact_id\":\"6650a1b2c3d4e5f600000001\"},\"outcome\":200");
        assertThat(output.getOut()).contains("\"caller\":\"sdk-reader\",\"operation\":\"DELETE DeleteContact /contacts/{contact_id}\","
                + "\"intercom_ids\":{\"contact_id\":\"6650a1b2c3d4e5f600000001\"},\"outcome\":403");
        intercom.verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization", absent()));
    }

    @Test
    void auditLinesHoldAHashOfWhatCouldNameAPersonNeverTheValue(CapturedOutput output) throws Exception {
        intercom.stubFor(get(urlPathEqualTo("/contacts/find_by_external_id/alice.smith%40example.com")).willReturn(okJson(CONTACT)));
        intercom.stubFor(get(urlPathEqualTo("/contacts/find_by_external_id/crm-4711q")).willReturn(okJson(CONTACT)));

        sdk().get("/contacts/find_by_external_id/alice.smith@example.com");
        sdk().get("/contacts/find_by_external_id/crm-4711q");
        new HttpCaller("http://localhost:" + port + "/intercom", null).get("/contacts/find_by_external_id/alice.smith@example.com");

        String email = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("alice.smith@example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 6);
        String userId = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("crm-4711q".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 6);
        String audit = output.getOut().lines().filter(line -> line.contains("\"event\":\"audit\"")).reduce("", (a, b) -> a + b + "\n");
        assertThat(audit).contains("\"intercom_ids\":{\"external_id\":\"" + email + "\"},\"outcome\":200")
                .contains("\"intercom_ids\":{\"external_id\":\"" + userId + "\"},\"outcome\":200")
                .contains("\"operation\":\"GET /intercom/contacts/find_by_external_id/" + email + "\"")
                .doesNotContain("alice").doesNotContain("example.com").doesNotContain("crm-4711q");
    }
}
