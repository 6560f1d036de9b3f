package dev.intercomgateway.intercom.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intercomgateway.contract.OffContractAnswers;
import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.IntercomTimeoutException;
import dev.intercomgateway.intercom.IntercomUnreachableException;
import dev.intercomgateway.intercom.InvalidIntercomIdException;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.ConversationQuery;
import dev.intercomgateway.intercom.workspace.ConversationThread;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.intercom.config.IntercomGatewayConfiguration;
import dev.intercomgateway.testsupport.IntercomStandIn;

import org.springframework.web.reactive.function.client.WebClient;

/** The gateway against a WireMock Intercom: headers, URI encoding, error decoding and transport faults. */
class IntercomGatewayWireMockTest {

    static final String TOKEN = "dG9rZW4tdGhhdC1tdXN0LW5ldmVyLWxlYWs=";
    static final String CONTACT = """
            {"type":"contact","id":"6650a1","external_id":"ext-1","role":"user","email":"grace@example.com",
             "name":"Grace","created_at":1700000000,"updated_at":1700000100,"signed_up_at":1690000000,
             "custom_attributes":{"plan":"pro"},"some_new_field":{"nested":true}}""";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    private TestGateway gateway;
    private IntercomClient client;

    @BeforeEach
    void setUp() {
        gateway = TestGateway.create(URI.create(intercom.baseUrl()), TOKEN, Duration.ofMillis(800));
        client = gateway.client();
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void injectsTokenVersionAndAcceptOnEveryCall() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(okJson(CONTACT)));

        client.contact("6650a1");

        intercom.verify(getRequestedFor(urlEqualTo("/contacts/6650a1"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Intercom-Version", equalTo("2.16"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Cookie", absent()));
    }

    @Test
    void filterReplacesAnyAuthorizationOrCookieAlreadyOnTheRequest() {
        intercom.stubFor(get("/me").willReturn(okJson("{\"type\":\"admin\",\"id\":\"1\"}")));
        WebClient.Builder callerLike = WebClient.builder()
                .defaultHeader("Authorization", "Bearer caller-key")
                .defaultCookie("SESSION", "caller-session");
        IntercomGatewayConfiguration configuration = new IntercomGatewayConfiguration();
        WebClient webClient = configuration.intercomWebClient(callerLike, gateway.connections(), gateway.endpoint(), gateway.properties());

        webClient.get().uri("/me").retrieve().toBodilessEntity().block();

        intercom.verify(getRequestedFor(urlEqualTo("/me"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Cookie", absent()));
    }

    @Test
    void decodesContactsIgnoringFieldsItDoesNotKnow() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(okJson(CONTACT)));

        Contact contact = client.contact("6650a1");

        assertThat(contact.email()).isEqualTo("grace@example.com");
        assertThat(contact.signedUpAt()).isEqualTo(Instant.ofEpochSecond(1690000000L));
        assertThat(contact.customAttributes()).isEqualTo(Map.of("plan", "pro"));
    }

    @Test
    void writesSnakeCaseBodiesWithoutNulls() {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT)));

        client.createContact(ContactRole.USER, new ContactFields("ext-1", "grace@example.com", null, null, Instant.ofEpochSecond(1690000000L), null));

        intercom.verify(postRequestedFor(urlEqualTo("/contacts"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"role\":\"user\",\"external_id\":\"ext-1\",\"email\":\"grace@example.com\",\"signed_up_at\":1690000000}")));
    }

    @Test
    void searchesUsersWithRoleFilterAndCursor() {
        intercom.stubFor(post("/contacts/search").willReturn(okJson("""
                {"type":"list","data":[%s],"total_count":3,"pages":{"type":"pages","page":1,"per_page":1,"total_pages":3,
                 "next":{"page":2,"starting_after":"WzE3MDAwMDAwMDBd"}}}""".formatted(CONTACT))));

        Page<Contact> page = client.contacts(ContactRole.USER, "grace@example.com", null, 1, "WzE2OTk5OTk5OTld");

        assertThat(page.items()).hasSize(1);
        assertThat(page.nextCursor()).isEqualTo("WzE3MDAwMDAwMDBd");
        intercom.verify(postRequestedFor(urlEqualTo("/contacts/search")).withRequestBody(equalToJson("""
                {"query":{"operator":"AND","value":[{"field":"role","operator":"=","value":"user"},
                                                    {"field":"email","operator":"=","value":"grace@example.com"}]},
                 "pagination":{"per_page":1,"starting_after":"WzE2OTk5OTk5OTld"}}""")));
    }

    @Test
    void encodesCursorInQueryStrings() {
        intercom.stubFor(get(urlEqualTo("/conversations?per_page=5&starting_after=a%2Bb%2F%3D")).willReturn(okJson(
                "{\"type\":\"conversation.list\",\"conversations\":[],\"pages\":{\"type\":\"pages\"}}")));

        assertThat(client.conversations(new ConversationQuery(null, null, null, null, null, null, null), 5, "a+b/=").items()).isEmpty();
    }

    /** Intercom unassigns by assigning to admin 0; a snooze is sent in whole unix seconds. */
    @Test
    void unassignsByAssigningToNobodyAndSnoozesInWholeSeconds() {
        intercom.stubFor(post("/conversations/42/parts").willReturn(okJson("""
                {"type":"conversation","id":"42","created_at":1,"updated_at":3,"open":true,"state":"open"}""")));

        client.unassign("42", "990001", "unassign-note");
        client.snooze("42", "990001", Instant.parse("2024-05-01T09:30:00.999Z"));

        intercom.verify(postRequestedFor(urlEqualTo("/conversations/42/parts")).withRequestBody(equalToJson("""
                {"message_type":"assignment","type":"admin","admin_id":"990001","assignee_id":"0","body":"unassign-note"}""")));
        intercom.verify(postRequestedFor(urlEqualTo("/conversations/42/parts")).withRequestBody(equalToJson("""
                {"message_type":"snoozed","admin_id":"990001","snoozed_until":1714555800}""")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../admins", "..%2Fadmins", "a/b", "", " ", "id?x=1", "id#x", "ïd", "a%00"})
    void rejectsIdsThatAreNotIntercomIdsBeforeSendingAnything(String id) {
        assertThatThrownBy(() -> client.contact(id)).isInstanceOf(InvalidIntercomIdException.class);
        assertThatThrownBy(() -> client.deleteContact(id)).isInstanceOf(InvalidIntercomIdException.class);
        assertThatThrownBy(() -> client.conversation(id)).isInstanceOf(InvalidIntercomIdException.class);

        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void rejectsOverlongIds() {
        assertThatThrownBy(() -> client.contact("a".repeat(IntercomIds.MAX_LENGTH + 1))).isInstanceOf(InvalidIntercomIdException.class);
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void decodesErrorListIntoTypedException() {
        intercom.stubFor(get("/contacts/missing").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error.list\",\"request_id\":\"req-123\",\"errors\":[{\"code\":\"not_found\",\"message\":\"User Not Found\"}]}")));

        assertThatThrownBy(() -> client.contact("missing"))
                .isInstanceOfSatisfying(IntercomApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                    assertThat(e.getMessage()).isEqualTo("User Not Found");
                    assertThat(e.requestId()).isEqualTo("req-123");
                });
    }

    @Test
    void carriesRateLimitHeadersOf429() {
        long reset = Instant.now().plusSeconds(7).getEpochSecond();
        intercom.stubFor(get("/admins").willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Limit", "167").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", String.valueOf(reset))
                .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"rate_limit_exceeded\",\"message\":\"Exceeded rate limit of 167 in 10_seconds\"}]}")));

        assertThatThrownBy(() -> client.admins())
                .isInstanceOfSatisfying(IntercomApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("rate_limit_exceeded");
                    assertThat(e.rateLimit()).isEqualTo(new IntercomRateLimit(167, 0, Instant.ofEpochSecond(reset)));
                });
    }

    @Test
    void serverErrorWithHtmlBodyStillBecomesApiExceptionWithStatus() {
        intercom.stubFor(get("/admins").willReturn(aResponse().withStatus(503).withHeader("X-Request-Id", "hdr-req")
                .withBody("<html>Service Unavailable</html>")));

        assertThatThrownBy(() -> client.admins())
                .isInstanceOfSatisfying(IntercomApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isNull();
                    assertThat(e.requestId()).isEqualTo("hdr-req");
                });
    }

    @Test
    void readsAFullPageOf150ContactsLargerThanWebClientsDefaultBuffer() {
        String padded = CONTACT.replace("\"plan\":\"pro\"", "\"plan\":\"pro\",\"notes\":\"" + "x".repeat(1800) + "\"");
        String page = """
                {"type":"list","data":[%s],"total_count":150,"pages":{"type":"pages","page":1,"per_page":150,"total_pages":1}}"""
                .formatted(String.join(",", Collections.nCopies(150, padded)));
        assertThat(page.length()).isGreaterThan(256 * 1024);   // Spring's default in-memory limit, which failed such pages
        intercom.stubFor(post("/contacts/search").willReturn(okJson(page)));

        assertThat(client.contacts(ContactRole.USER, null, null, 150, null).items()).hasSize(150);
    }

    @Test
    @OffContractAnswers("an answer padded past the size limit")
    void answerLargerThanMaxResponseSizeIsBadResponseNamingTheSetting() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(okJson("{\"type\":\"contact\",\"name\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}")
                .withHeader("X-Request-Id", "req-big")));

        assertThatThrownBy(() -> client.contact("6650a1"))
                .isInstanceOfSatisfying(IntercomBadResponseException.class, e -> {
                    assertThat(e.getMessage()).contains("larger than intercom.max-response-size");
                    assertThat(e.requestId()).isEqualTo("req-big");
                });
    }

    @Test
    @OffContractAnswers("a truncated JSON body")
    void malformedSuccessBodyIsBadResponse() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"contact\",\"id\":")));

        assertThatThrownBy(() -> client.contact("6650a1"))
                .isInstanceOf(IntercomBadResponseException.class)
                .hasMessageContaining("not the expected JSON");
    }

    @Test
    @OffContractAnswers("a 200 without a body")
    void emptySuccessBodyIsBadResponse() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(aResponse().withStatus(200)));

        assertThatThrownBy(() -> client.contact("6650a1"))
                .isInstanceOf(IntercomBadResponseException.class)
                .hasMessageContaining("empty body");
    }

    @Test
    @OffContractAnswers("an array where Intercom answers an object")
    void wrongJsonShapeIsBadResponse() {
        intercom.stubFor(get("/conversations/1?display_as=plaintext").willReturn(okJson("[1,2,3]")));

        assertThatThrownBy(() -> client.conversation("1")).isInstanceOf(IntercomBadResponseException.class);
    }

    @Test
    @OffContractAnswers("bytes that are not JSON")
    void garbageBytesAreBadResponse() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        assertThatThrownBy(() -> client.contact("6650a1")).isInstanceOf(IntercomException.class);
    }

    @Test
    void slowAnswerTimesOut() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(okJson(CONTACT).withFixedDelay(3_000)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.contact("6650a1")).isInstanceOf(IntercomTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void slowTrickleOfBodyHitsTheWholeResponseTimeout() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(okJson(CONTACT).withChunkedDribbleDelay(20, 3_000)));

        assertThatThrownBy(() -> client.contact("6650a1")).isInstanceOf(IntercomTimeoutException.class);
    }

    @Test
    void connectionResetIsUnreachable() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.contact("6650a1")).isInstanceOf(IntercomUnreachableException.class);
    }

    @Test
    void emptyResponseIsUnreachable() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThatThrownBy(() -> client.contact("6650a1")).isInstanceOf(IntercomUnreachableException.class);
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestGateway unreachableGateway = TestGateway.create(URI.create("http://127.0.0.1:" + closedPort), TOKEN, Duration.ofSeconds(1))) {
            IntercomClient unreachable = unreachableGateway.client();
            assertThatThrownBy(() -> unreachable.contact("6650a1"))
                    .isInstanceOf(IntercomUnreachableException.class)
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void conversationKeepsSourceAndParts() {
        intercom.stubFor(get("/conversations/42?display_as=plaintext").willReturn(okJson("""
                {"type":"conversation","id":"42","created_at":1,"updated_at":3,"open":true,"state":"open",
                 "source":{"type":"conversation","id":"s1","delivered_as":"customer_initiated","body":"Hi","author":{"type":"user","id":"u1"}},
                 "conversation_parts":{"type":"conversation_part.list","total_count":1,"conversation_parts":[
                   {"type":"conversation_part","id":"p1","part_type":"comment","body":"Hello","created_at":2,"author":{"type":"admin","id":"a1","name":"Ada"}}]}}""")));

        ConversationThread conversation = client.conversation("42");

        assertThat(conversation.opening().body()).isEqualTo("Hi");
        assertThat(conversation.parts()).extracting(ConversationThread.Part::id).containsExactly("p1");
    }

    @Test
    void exceptionsNeverCarryTheToken() {
        intercom.stubFor(get("/contacts/6650a1").willReturn(aResponse().withStatus(401)
                .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"unauthorized\",\"message\":\"Access Token Invalid\"}]}")));

        assertThatThrownBy(() -> client.contact("6650a1"))
                .isInstanceOf(IntercomApiException.class)
                .hasMessageNotContaining(TOKEN);
    }
}
