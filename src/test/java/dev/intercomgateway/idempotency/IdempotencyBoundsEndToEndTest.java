package dev.intercomgateway.idempotency;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Idempotency-Keys through the running gateway in front of a stand-in Intercom: a keyed answer above
 * max-entry-size streams through whole and is not kept, and its repeat is told so without a second
 * call; a search's key is ignored (a read); refusals by the gateway's own checks are never replayed;
 * Intercom's own answers are.
 */
@GatewayTest(properties = "gateway.idempotency.max-entry-size=64KB")
class IdempotencyBoundsEndToEndTest {

    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"6650a1b2c3d4e5f600000001\",\"role\":\"user\",\"email\":\"grace@example.com\","
            + "\"created_at\":1}";
    static final int CONTACTS = 400;
    static final String LARGE_LIST = IntStream.range(0, CONTACTS)
            .mapToObj(i -> "{\"type\":\"contact\",\"id\":\"" + "%024x".formatted(i) + "\",\"role\":\"user\",\"created_at\":1,"
                    + "\"custom_attributes\":{\"notes\":\"" + "x".repeat(500) + "\"}}")
            .collect(Collectors.joining(",", "{\"type\":\"list\",\"data\":[", "],\"total_count\":" + CONTACTS
                    + ",\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":" + CONTACTS + ",\"total_pages\":1}}"));

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    private HttpCaller caller(String apiKey) {
        return new HttpCaller("http://localhost:" + port + "/intercom", apiKey);
    }

    @Test
    void aKeyedWriteAboveTheEntryCapStreamsWholeAndItsRepeatIsAProblemNotASecondCall() {
        String largeContact = CONTACT.replace("\"created_at\":1", "\"created_at\":1,\"custom_attributes\":{\"notes\":\""
                + "x".repeat(200_000) + "\"}");
        intercom.stubFor(post("/contacts").willReturn(okJson(largeContact)));
        HttpCaller keyed = caller(TestCallers.SDK_KEY).with("Idempotency-Key", "create-large-1");
        String contact = "{\"role\":\"user\",\"email\":\"grace@example.com\"}";

        HttpCaller.Answer first = keyed.post("/contacts", contact);
        HttpCaller.Answer repeat = keyed.post("/contacts", contact);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(largeContact);
        assertThat(repeat.status()).isEqualTo(409);
        assertThat(repeat.json().get("errors").get(0).get("code").asString()).isEqualTo("idempotent_outcome_not_kept");
        assertThat(repeat.json().get("errors").get(0).get("message").asString())
                .contains("was performed and answered 200").contains("max-entry-size");
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    /** A search or list sent as POST only reads: its key is ignored, so it claims and keeps nothing (and takes no one's room). */
    @Test
    void aKeyedSearchIsARead_ItsKeyIsIgnoredAndNothingIsKept() {
        assertThat(LARGE_LIST.length()).isGreaterThan(3 * 64 * 1024);
        intercom.stubFor(post("/contacts/search").willReturn(okJson(LARGE_LIST)));
        HttpCaller keyed = caller(TestCallers.SDK_KEY).with("Idempotency-Key", "search-large-1");
        String query = "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"}}";
        String other = "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"lead\"}}";

        HttpCaller.Answer first = keyed.post("/contacts/search", query);
        HttpCaller.Answer repeat = keyed.post("/contacts/search", query);
        HttpCaller.Answer sameKeyOtherQuery = keyed.post("/contacts/search", other);

        assertThat(first.status()).isEqualTo(200);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(LARGE_LIST);
        assertThat(repeat.header("Idempotent-Replayed")).isNull();
        assertThat(sameKeyOtherQuery.status()).as("no 409 for a key reused: it is not a key of a write").isEqualTo(200);
        intercom.verify(3, postRequestedFor(urlEqualTo("/contacts/search")));
    }

    @Test
    void aForbiddenKeyedWriteIsNeverReplayed() {
        HttpCaller reader = caller(TestCallers.SDK_READER_KEY).with("Idempotency-Key", "create-1");

        HttpCaller.Answer first = reader.post("/contacts", "{\"role\":\"user\",\"email\":\"grace@example.com\"}");
        HttpCaller.Answer repeat = reader.post("/contacts", "{\"role\":\"user\",\"email\":\"grace@example.com\"}");

        assertThat(first.status()).isEqualTo(403);
        assertThat(repeat.status()).isEqualTo(403);
        assertThat(repeat.header("Idempotent-Replayed")).as("checked again, not replayed").isNull();
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRefusalByTheGatewaysChecksIsNotKeptSoTheCorrectedRequestRunsUnderTheSameKey() {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT)));
        HttpCaller keyed = caller(TestCallers.SDK_KEY).with("Idempotency-Key", "create-2");

        HttpCaller.Answer malformed = keyed.post("/contacts", "{\"role\":\"user\",");
        HttpCaller.Answer corrected = keyed.post("/contacts", "{\"role\":\"user\",\"email\":\"grace@example.com\"}");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(corrected.status()).as("not a 409 for a key used with another request").isEqualTo(200);
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void intercomsOwnRefusalOfAWriteIsKeptAndReplayed() {
        intercom.stubFor(post("/contacts").willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error.list\",\"request_id\":\"r-1\",\"errors\":[{\"code\":\"conflict\",\"message\":\"A contact matching those details already exists with id=1\"}]}")));
        HttpCaller keyed = caller(TestCallers.SDK_KEY).with("Idempotency-Key", "create-3");

        HttpCaller.Answer first = keyed.post("/contacts", "{\"role\":\"user\",\"email\":\"grace@example.com\"}");
        HttpCaller.Answer repeat = keyed.post("/contacts", "{\"role\":\"user\",\"email\":\"grace@example.com\"}");

        assertThat(first.status()).isEqualTo(409);
        assertThat(repeat.status()).isEqualTo(409);
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }
}
