package dev.intercomgateway.passthrough;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intercomgateway.contract.OffContractAnswers;
import dev.intercomgateway.intercom.operations.IntercomOperation;
import dev.intercomgateway.intercom.operations.IntercomOperations;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

/**
 * The passthrough's edges, read from what an Intercom stand-in received: path parameters with
 * ordinary characters reach Intercom decoded once and encoded once as one segment, only what could
 * change the path is refused, the rest of the service keeps the strict firewall, and Intercom's
 * error answers keep the same headers a success passes on.
 */
@GatewayTest(properties = "resilience4j.retry.instances.intercom.max-attempts=1")
class IntercomPassthroughEdgeTest {

    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"6650a1b2c3d4e5f600000001\",\"role\":\"user\",\"email\":\"grace@example.com\","
            + "\"created_at\":1}";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    @BeforeEach
    void resetStubs() {
        intercom.stubFor(any(anyUrl()).willReturn(okJson(CONTACT)));
    }

    private HttpCaller sdk() {
        return new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_ALL_KEY);
    }

    private String onlyPathIntercomReceived() {
        assertThat(intercom.getAllServeEvents()).hasSize(1);
        return intercom.getAllServeEvents().getFirst().getRequest().getUrl();
    }

    /** The caller's path segment, the value it stands for, and the one segment Intercom must receive. */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "7%25off       | 7%off     | 7%25off",
            "a%3Bb         | a;b       | a%3Bb",
            "a;b           | a;b       | a%3Bb",
            "a;x=y         | a;x=y     | a%3Bx%3Dy",
            "a+b           | a+b       | a%2Bb",
            "a%2Bb         | a+b       | a%2Bb",
            "a%20b         | `a b`     | a%20b",
            "caf%C3%A9     | café      | caf%C3%A9",
            "%F0%9F%98%80  | 😀        | %F0%9F%98%80",
            "%25252F       | %252F     | %25252F",
            "%252F         | %2F       | %252F",
            "user@x.io     | user@x.io | user%40x.io",
            "a.b           | a.b       | a.b",
            "...           | ...       | ...",
            "~_-.          | ~_-.      | ~_-."})
    void anExternalIdWithOrdinaryCharactersReachesIntercomEncodedOnce(String sent, String value, String received) {
        HttpCaller.Answer answer = sdk().get("/contacts/find_by_external_id/" + sent);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(onlyPathIntercomReceived()).isEqualTo("/contacts/find_by_external_id/" + received);
        assertThat(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~"))
                .as("an encoder other than the gateway's agrees").isEqualTo(received);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%20", "%20%20%09", "a%2Fb", "a%2fb", "a/b", "..", "%2E%2E", "%2e%2e", ".", "%2E", "a%5Cb", "a%5cb", "a%00b", "a%0Ab",
            "a%0D%0Ab", "a%7Fb", "a%C2%85b", "a%09b", "a%C0%AEb", "a%FFb", "DOMAIN%5Cuser"})
    void whatCouldChangeThePathIsRefusedAndNeverSent(String sent) {
        HttpCaller.Answer answer = sdk().get("/contacts/find_by_external_id/" + sent);

        assertThat(answer.status()).as(answer.body()).isBetween(400, 404);
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anOverLongValueIsRefusedNamingTheParameter() {
        HttpCaller.Answer answer = sdk().get("/contacts/find_by_external_id/" + "x".repeat(256));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("message").asString()).contains("external_id");
        assertThat(sdk().get("/contacts/find_by_external_id/" + "x".repeat(255)).status()).isEqualTo(200);
    }

    /** The limit counts characters: an emoji is one, though Java holds it as two UTF-16 units. */
    @Test
    void theLengthLimitCountsCharactersNotUtf16Units() {
        String emoji = java.net.URLEncoder.encode("\uD83D\uDE00", java.nio.charset.StandardCharsets.UTF_8);

        assertThat(sdk().get("/contacts/find_by_external_id/" + emoji.repeat(255)).status()).isEqualTo(200);
        assertThat(sdk().get("/contacts/find_by_external_id/" + emoji.repeat(256)).status()).isEqualTo(400);
    }

    /** Every GET of the description with a string path parameter: a value with %, ; and a space reaches Intercom encoded once. */
    @Test
    @OffContractAnswers("the stand-in answers a contact to every operation; the requests are what is checked")
    void everyStringPathParameterOfTheDescriptionTakesOrdinaryCharacters() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (IntercomOperation operation : IntercomOperations.described().all()) {
            String template = operation.pathTemplate();
            if (operation.method() != HttpMethod.GET || !template.contains("{") || !operation.requiredQuery().isEmpty()) {
                continue;
            }
            String sent = template;
            String expected = template;
            boolean stringParameter = false;
            while (sent.contains("{")) {
                String name = sent.substring(sent.indexOf('{') + 1, sent.indexOf('}'));
                boolean integer = operation.integerParameters().contains(name);
                stringParameter |= !integer;
                sent = sent.replace("{" + name + "}", integer ? "42" : "7%25off%3Bx%20y");
                expected = expected.replace("{" + name + "}", integer ? "42" : "7%25off%3Bx%20y");
            }
            if (!stringParameter) {
                continue;
            }
            intercom.resetRequests();
            HttpCaller.Answer answer = sdk().get(sent);
            String received = intercom.getAllServeEvents().isEmpty() ? null : intercom.getAllServeEvents().getFirst().getRequest().getUrl();
            if (answer.status() != 200 || !expected.equals(received)) {
                wrong.add(operation.operationId() + " " + sent + " -> " + answer.status() + ", Intercom received " + received);
            }
            checked++;
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).as("GET operations with a string path parameter").isGreaterThan(20);
    }

    @Test
    void theRestOfTheServiceKeepsTheStrictFirewall() {
        HttpCaller api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);
        for (String path : new String[] {"/api/v1/users/7%25off", "/api/v1/users/a;b", "/api/v1/users/a%3Bb", "/intercom%25/contacts/x",
                "/intercom;x/contacts/x", "/intercom/%2E%2E/api/v1/users/6650a1b2c3d4e5f600000001",
                "/intercom/..;/api/v1/users/6650a1b2c3d4e5f600000001"}) {
            HttpCaller.Answer answer = api.get(path);
            assertThat(answer.status()).as(path).isEqualTo(400);
        }
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    /** Intercom's answer headers a caller may see pass on every status, as on a success. */
    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 409, 410, 422, 500, 503, 429})
    @OffContractAnswers("statuses and headers the description does not define for this operation")
    void anErrorAnswerKeepsTheHeadersASuccessPasses(int status) {
        String link = "</contacts/6650a1b2c3d4e5f600000009>; rel=\"canonical\"";
        intercom.stubFor(get(urlPathEqualTo("/contacts/6650a1b2c3d4e5f600000001")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("Link", link)
                .withHeader("Retry-After", "7")
                .withHeader("X-RateLimit-Limit", "10000").withHeader("X-RateLimit-Remaining", "9000")
                .withHeader("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 1000 - 1))
                .withHeader("Set-Cookie", "intercom-session=abc")
                .withBody(IntercomStandIn.errorList("some_error", "Intercom said no"))));

        HttpCaller.Answer answer = sdk().get("/contacts/6650a1b2c3d4e5f600000001");

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.json().get("errors").get(0).get("code").asString()).isEqualTo("some_error");
        assertThat(answer.header("Link")).isEqualTo("</intercom/contacts/6650a1b2c3d4e5f600000009>; rel=\"canonical\"");
        assertThat(answer.header("Retry-After")).isEqualTo("7");
        assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo("9000");
        assertThat(answer.header("X-RateLimit-Limit")).isEqualTo("10000");
        assertThat(answer.header("Set-Cookie")).isNull();
    }

    @Test
    void aMergedContactIs410WithTheLinkToTheSurvivor() {
        String link = "</contacts/6650a1b2c3d4e5f600000009>; rel=\"canonical\"";
        intercom.stubFor(get(urlPathEqualTo("/contacts/6650a1b2c3d4e5f600000001")).willReturn(aResponse().withStatus(410)
                .withHeader("Content-Type", "application/json").withHeader("Link", link)
                .withBody(IntercomStandIn.errorList("contact_merged", "Contact has been merged into another contact"))));

        HttpCaller.Answer answer = sdk().get("/contacts/6650a1b2c3d4e5f600000001");

        assertThat(answer.status()).isEqualTo(410);
        // the survivor as an SDK with the gateway's base URL follows it: under /intercom
        assertThat(answer.header("Link")).isEqualTo("</intercom/contacts/6650a1b2c3d4e5f600000009>; rel=\"canonical\"");
        assertThat(answer.json().get("errors").get(0).get("code").asString()).isEqualTo("contact_merged");
    }

    /** The internal API's 410 for a merged lead names the contact it became, as it does for a user. */
    @Test
    void theApisMergedLeadIs410WithMergedIntoId() {
        intercom.stubFor(get(urlPathEqualTo("/contacts/6650a1b2c3d4e5f600000002")).willReturn(aResponse().withStatus(410)
                .withHeader("Content-Type", "application/json").withHeader("Link", "</contacts/6650a1b2c3d4e5f600000009>; rel=\"canonical\"")
                .withBody(IntercomStandIn.errorList("contact_merged", "Contact has been merged into another contact"))));
        HttpCaller api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);

        for (String path : new String[] {"/api/v1/leads/6650a1b2c3d4e5f600000002", "/api/v1/users/6650a1b2c3d4e5f600000002"}) {
            HttpCaller.Answer answer = api.get(path);
            assertThat(answer.status()).as(path).isEqualTo(410);
            assertThat(answer.json().get("merged_into_id").asString()).isEqualTo("6650a1b2c3d4e5f600000009");
        }
    }
}
