package dev.intercomgateway.web;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every time the API renders from Intercom, in front of a stand-in that holds times outside the API's
 * range (one another client wrote in milliseconds, a negative one) or 0 ("not set"): each reads as
 * null on reads, lists and the export, never as a year 56301 or a 1969 date.
 */
@GatewayTest
class RenderedTimesStandInTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USER_ID = "6650a1b2c3d4e5f600000001";
    private static final String LEAD_ID = "6650a1b2c3d4e5f600000002";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    private static String contact(String id, String role, String time) {
        return """
                {"type":"contact","id":"%s","role":"%s","email":"%s@example.com","created_at":%s,"updated_at":%s,"signed_up_at":%s}"""
                .formatted(id, role, role, time, time, time);
    }

    private static String conversation(String time) {
        return """
                {"type":"conversation","id":"42","created_at":%1$s,"updated_at":%1$s,"snoozed_until":%1$s,"open":true,"state":"snoozed",
                 "source":{"type":"conversation","id":"s1","delivered_as":"customer_initiated","body":"Hi","author":{"type":"user","id":"%2$s"}},
                 "contacts":{"type":"contact.list","contacts":[{"type":"contact","id":"%2$s"}]},
                 "conversation_parts":{"type":"conversation_part.list","total_count":1,"conversation_parts":[
                   {"type":"conversation_part","id":"p1","part_type":"comment","body":"Hello","created_at":%1$s,"updated_at":%1$s,
                    "author":{"type":"admin","id":"990001","name":"Ada"}}]}}""".formatted(time, USER_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1714548600000", "-1", "-86400", "0", "2147483648"})
    void aTimeOutsideTheRangeOrUnsetReadsAsNullEverywhere(String time) throws Exception {
        String user = contact(USER_ID, "user", time);
        String list = "{\"type\":\"list\",\"data\":[" + user + "],\"total_count\":1,"
                + "\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}}";
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + USER_ID)).willReturn(okJson(user)));
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + LEAD_ID)).willReturn(okJson(contact(LEAD_ID, "lead", time))));
        intercom.stubFor(post(urlPathEqualTo("/contacts/search")).willReturn(okJson(list)));
        intercom.stubFor(get(urlPathEqualTo("/conversations/42")).willReturn(okJson(conversation(time))));
        intercom.stubFor(get(urlPathEqualTo("/conversations")).willReturn(okJson("{\"type\":\"conversation.list\",\"conversations\":["
                + conversation(time) + "],\"total_count\":1,\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":20,\"total_pages\":1}}")));
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + USER_ID + "/notes")).willReturn(okJson("{\"type\":\"list\",\"data\":["
                + "{\"type\":\"note\",\"id\":\"n1\",\"created_at\":" + time + ",\"body\":\"x\",\"author\":{\"type\":\"admin\",\"id\":\"990001\"}}],"
                + "\"total_count\":1,\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}}")));
        HttpCaller api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);

        assertNull(read(api, "/api/v1/users/" + USER_ID), "signed_up_at", "created_at", "updated_at");
        assertNull(read(api, "/api/v1/users").get("data").get(0), "signed_up_at", "created_at", "updated_at");
        assertNull(read(api, "/api/v1/leads/" + LEAD_ID), "created_at", "updated_at");
        JsonNode conversation = read(api, "/api/v1/conversations/42");
        assertNull(conversation, "created_at", "updated_at", "snoozed_until");
        conversation.get("parts").forEach(part -> assertNull(part, "created_at"));
        assertNull(read(api, "/api/v1/conversations").get("data").get(0), "created_at", "updated_at", "snoozed_until");
        assertNull(read(api, "/api/v1/users/" + USER_ID + "/notes").get("data").get(0), "created_at");

        JsonNode exported = JSON.readTree(export().lines().findFirst().orElseThrow());
        assertNull(exported, "signed_up_at", "created_at", "updated_at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1714548600", "2147483647"})
    void aTimeInTheRangeIsRendered(String time) {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + USER_ID)).willReturn(okJson(contact(USER_ID, "user", time))));
        HttpCaller api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);

        JsonNode user = read(api, "/api/v1/users/" + USER_ID);

        for (String field : List.of("signed_up_at", "created_at", "updated_at")) {
            assertThat(user.get(field).asString()).isEqualTo(java.time.Instant.ofEpochSecond(Long.parseLong(time)).toString());
        }
    }

    private String export() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/users/export"))
                .header("Authorization", "Bearer " + TestCallers.FULL_KEY).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode read(HttpCaller api, String path) {
        HttpCaller.Answer answer = api.get(path);
        assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static void assertNull(JsonNode node, String... fields) {
        for (String field : fields) {
            assertThat(node.has(field) ? node.get(field).isNull() : true).as("%s in %s", field, node).isTrue();
        }
    }
}
