package dev.intercomgateway.web;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole service in front of an Intercom stand-in: a time value the API refuses never reaches Intercom,
 * on any surface, and one it takes arrives as UTC unix seconds.
 */
@GatewayTest
class TimeValuesStandInTest {

    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"6650a1b2c3d4e5f600000001\",\"role\":\"user\",\"email\":\"grace@example.com\","
            + "\"created_at\":1}";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    private HttpCaller api() {
        return new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1714548600000", "1714548600", "-1", "\"1714548600000\"", "\"2024-05-01\"", "\"2024-05-01T09:30:00\"",
            "\"+56301-05-01T09:30:00Z\"", "\"1969-12-31T23:59:59Z\"", "\"2024-05-01T09:30:00+0200\""})
    void aRefusedTimeValueNeverReachesIntercom(String value) {
        HttpCaller.Answer created = api().post("/api/v1/users", "{\"email\":\"grace@example.com\",\"signed_up_at\":" + value + "}");
        HttpCaller.Answer updated = api().patch("/api/v1/users/6650a1b2c3d4e5f600000001", "{\"signed_up_at\":" + value + "}");
        HttpCaller.Answer snoozed = api().post("/api/v1/conversations/42/snooze", "{\"admin_id\":\"990001\",\"snoozed_until\":" + value + "}");
        String text = value.replace("\"", "");
        HttpCaller.Answer listed = api().get("/api/v1/conversations?created_after=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
        HttpCaller.Answer listedByUpdate = api().get("/api/v1/conversations?updated_after=" + URLEncoder.encode(text, StandardCharsets.UTF_8));

        assertRefused(created, "signed_up_at");
        assertRefused(updated, "signed_up_at");
        assertRefused(snoozed, "snoozed_until");
        assertRefused(listed, "created_after");
        assertRefused(listedByUpdate, "updated_after");
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTimeWithAnOffsetReachesIntercomAsUtcUnixSeconds() {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT)));
        intercom.stubFor(post("/conversations/42/parts").willReturn(okJson("{\"type\":\"conversation\",\"id\":\"42\",\"created_at\":1,"
                + "\"updated_at\":1,\"state\":\"snoozed\",\"open\":true}")));
        intercom.stubFor(post("/conversations/search").willReturn(okJson("{\"type\":\"conversation.list\",\"conversations\":[],\"total_count\":0,"
                + "\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":20,\"total_pages\":0}}")));
        Instant until = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);

        assertThat(api().post("/api/v1/users", "{\"email\":\"grace@example.com\",\"signed_up_at\":\"2024-05-01T11:30:00.250+02:00\"}").status())
                .isEqualTo(201);
        assertThat(api().post("/api/v1/conversations/42/snooze", "{\"admin_id\":\"990001\",\"snoozed_until\":\""
                + until.atOffset(ZoneOffset.ofHoursMinutes(-3, -30)) + "\"}").status()).isEqualTo(200);
        assertThat(api().get("/api/v1/conversations?created_after=" + URLEncoder.encode("2024-05-01T11:30:00+02:00", StandardCharsets.UTF_8))
                .status()).isEqualTo(200);

        intercom.verify(postRequestedFor(urlEqualTo("/contacts")).withRequestBody(matchingJsonPath("$.signed_up_at", equalTo("1714555800"))));
        intercom.verify(postRequestedFor(urlEqualTo("/conversations/42/parts"))
                .withRequestBody(matchingJsonPath("$.snoozed_until", equalTo(String.valueOf(until.getEpochSecond())))));
        intercom.verify(postRequestedFor(urlEqualTo("/conversations/search"))
                .withRequestBody(matchingJsonPath("$..value", equalTo("1714555800"))));
    }

    private static void assertRefused(HttpCaller.Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).as(answer.body()).isEqualTo(field);
    }
}
