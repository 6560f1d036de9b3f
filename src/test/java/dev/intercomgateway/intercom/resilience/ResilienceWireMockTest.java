package dev.intercomgateway.intercom.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intercomgateway.contract.OffContractAnswers;
import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.IntercomTimeoutException;
import dev.intercomgateway.intercom.IntercomUnreachableException;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.testsupport.IntercomStandIn;

/** Each retry, budget and circuit-breaker rule against a WireMock Intercom that misbehaves on purpose. */
class ResilienceWireMockTest {

    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"c1\",\"role\":\"user\"}";
    static final ContactFields NEW_USER = new ContactFields("ext-1", null, null, null, null, null);

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    private ResilientGateway gateway;

    private IntercomClient client(ResilientGateway.Settings settings) {
        gateway = ResilientGateway.create(URI.create(intercom.baseUrl()), settings);
        return gateway.client();
    }

    private IntercomClient client() {
        return client(ResilientGateway.Settings.defaults());
    }

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static void firstThen(String url, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then, boolean post) {
        var firstMapping = post ? post(urlEqualTo(url)) : get(urlEqualTo(url));
        var thenMapping = post ? post(urlEqualTo(url)) : get(urlEqualTo(url));
        intercom.stubFor(firstMapping.inScenario(url).whenScenarioStateIs(STARTED).willReturn(first).willSetStateTo("second"));
        intercom.stubFor(thenMapping.inScenario(url).whenScenarioStateIs("second").willReturn(then));
    }

    private static ResponseDefinitionBuilder tooManyRequestsUntil(Instant reset) {
        return aResponse().withStatus(429).withHeader("X-RateLimit-Limit", "167").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", String.valueOf(reset.getEpochSecond()))
                .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"rate_limit_exceeded\",\"message\":\"Exceeded rate limit\"}]}");
    }

    @Test
    void getAfter429WaitsForTheResetAndSucceeds() {
        Instant reset = Instant.now().plusSeconds(2);
        firstThen("/contacts/c1", tooManyRequestsUntil(reset), okJson(CONTACT), false);
        IntercomClient client = client();

        long started = System.nanoTime();
        assertThat(client.contact("c1").id()).isEqualTo("c1");

        Instant retriedAt = Instant.now();
        assertThat(retriedAt).as("retried once Intercom's window reset (whole seconds)").isAfterOrEqualTo(Instant.ofEpochSecond(reset.getEpochSecond()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        intercom.verify(2, getRequestedFor(urlEqualTo("/contacts/c1")));
        assertThat(gateway.meter("intercom.upstream.throttled")).isEqualTo(1);
    }

    @Test
    void retryAfterHeaderIsHonouredWhenThereIsNoReset() {
        firstThen("/contacts/c1", aResponse().withStatus(429).withHeader("Retry-After", "2")
                .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"rate_limit_exceeded\"}]}"), okJson(CONTACT), false);

        long started = System.nanoTime();
        assertThat(client().contact("c1").id()).isEqualTo("c1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        intercom.verify(2, getRequestedFor(urlEqualTo("/contacts/c1")));
    }

    @Test
    void postAfter429IsRetriedBecauseIntercomDidNotProcessIt() {
        firstThen("/contacts", tooManyRequestsUntil(Instant.now().plusSeconds(1)), okJson(CONTACT), true);

        assertThat(client().createContact(ContactRole.USER, NEW_USER).id()).isEqualTo("c1");
        intercom.verify(2, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void postAfter500IsNotRetried() {
        intercom.stubFor(post("/contacts").willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> client().createContact(ContactRole.USER, NEW_USER)).isInstanceOf(IntercomApiException.class);
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void postAfterReadTimeoutIsNotRetried() {
        intercom.stubFor(post("/contacts").willReturn(okJson(CONTACT).withFixedDelay(2_000)));

        assertThatThrownBy(() -> client().createContact(ContactRole.USER, NEW_USER)).isInstanceOf(IntercomTimeoutException.class);
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void postAfterConnectionResetIsNotRetried() {
        intercom.stubFor(post("/contacts").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client().createContact(ContactRole.USER, NEW_USER)).isInstanceOf(IntercomUnreachableException.class);
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void postAfterGatewayErrorsIsNotRetried(int status) {
        intercom.stubFor(post("/contacts").willReturn(aResponse().withStatus(status)));

        assertThatThrownBy(() -> client().createContact(ContactRole.USER, NEW_USER)).isInstanceOf(IntercomApiException.class);
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
    }

    @Test
    void postWhenConnectionIsRefusedIsRetriedThenFails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        gateway = ResilientGateway.create(URI.create("http://127.0.0.1:" + closedPort), ResilientGateway.Settings.defaults());

        assertThatThrownBy(() -> gateway.client().createContact(ContactRole.USER, NEW_USER)).isInstanceOf(IntercomUnreachableException.class);
        assertThat(gateway.retry().getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
    }

    @Test
    void getAfterConnectionResetIsRetried() {
        firstThen("/contacts/c1", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(CONTACT), false);

        assertThat(client().contact("c1").id()).isEqualTo("c1");
        intercom.verify(2, getRequestedFor(urlEqualTo("/contacts/c1")));
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void getAfterGatewayErrorsIsRetried(int status) {
        firstThen("/contacts/c1", aResponse().withStatus(status), okJson(CONTACT), false);

        assertThat(client().contact("c1").id()).isEqualTo("c1");
        intercom.verify(2, getRequestedFor(urlEqualTo("/contacts/c1")));
    }

    @Test
    void getAfterReadTimeoutIsRetried() {
        firstThen("/contacts/c1", okJson(CONTACT).withFixedDelay(2_000), okJson(CONTACT), false);

        assertThat(client().contact("c1").id()).isEqualTo("c1");
        intercom.verify(2, getRequestedFor(urlEqualTo("/contacts/c1")));
    }

    @Test
    void getAfter500IsNotRetried() {
        intercom.stubFor(get("/contacts/c1").willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> client().contact("c1")).isInstanceOf(IntercomApiException.class);
        intercom.verify(1, getRequestedFor(urlEqualTo("/contacts/c1")));
    }

    @Test
    void retriesStopAtMaxAttempts() {
        intercom.stubFor(get("/contacts/c1").willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> client().contact("c1"))
                .isInstanceOfSatisfying(IntercomApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        intercom.verify(4, getRequestedFor(urlEqualTo("/contacts/c1")));
    }

    @Test
    @OffContractAnswers("bytes that are not JSON")
    void garbageBodiesAreNotRetried() {
        intercom.stubFor(get("/contacts/c1").willReturn(aResponse().withStatus(200).withBody("\u0000\u0001garbage{")));

        assertThatThrownBy(() -> client().contact("c1")).isInstanceOf(IntercomBadResponseException.class);
        intercom.verify(1, getRequestedFor(urlEqualTo("/contacts/c1")));
    }

    @Test
    @OffContractAnswers("an answer padded past the size limit")
    void oversizedAnswersAreNotRetried() {
        intercom.stubFor(get("/contacts/c1").willReturn(okJson("{\"type\":\"contact\",\"name\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}")));

        assertThatThrownBy(() -> client().contact("c1")).isInstanceOf(IntercomBadResponseException.class);
        intercom.verify(1, getRequestedFor(urlEqualTo("/contacts/c1")));
    }

    @Test
    void clientErrorsAreNeitherRetriedNorCountedAgainstIntercom() {
        intercom.stubFor(get("/contacts/c1").willReturn(aResponse().withStatus(404)
                .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"not_found\",\"message\":\"User Not Found\"}]}")));
        IntercomClient client = client(ResilientGateway.Settings.defaults().withBreaker(4, Duration.ofSeconds(30)));

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> client.contact("c1")).isInstanceOf(IntercomApiException.class);
        }
        intercom.verify(10, getRequestedFor(urlEqualTo("/contacts/c1")));
        assertThat(gateway.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void breakerOpensAfterTheThresholdAnswersFastThenHalfOpensAndCloses() throws Exception {
        intercom.stubFor(get("/admins").willReturn(aResponse().withStatus(500)));
        IntercomClient client = client(ResilientGateway.Settings.defaults().withBreaker(4, Duration.ofMillis(1_500)));

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(client::admins).isInstanceOf(IntercomApiException.class);
        }
        assertThat(gateway.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        long started = System.nanoTime();
        assertThatThrownBy(client::admins).isInstanceOfSatisfying(IntercomRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(IntercomRejectedException.Reason.CIRCUIT_OPEN);
            assertThat(e.retryAfter()).isPositive();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        intercom.verify(4, getRequestedFor(urlEqualTo("/admins")));

        intercom.stubFor(get("/admins").willReturn(okJson("{\"type\":\"admin.list\",\"admins\":[]}")));
        Thread.sleep(1_700);
        client.admins();
        assertThat(gateway.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        client.admins();
        assertThat(gateway.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void noPermitWithinMaxWaitIsRefusedWithoutCallingIntercom() {
        intercom.stubFor(get("/admins").willReturn(okJson("{\"type\":\"admin.list\",\"admins\":[]}")));
        IntercomClient client = client(ResilientGateway.Settings.defaults().withBudget(2, Duration.ofHours(1), 0, Duration.ofMillis(100)));

        client.admins();
        client.admins();
        long started = System.nanoTime();
        assertThatThrownBy(client::admins).isInstanceOfSatisfying(IntercomRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(IntercomRejectedException.Reason.BUDGET_EXHAUSTED);
            assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        intercom.verify(2, getRequestedFor(urlEqualTo("/admins")));
        assertThat(gateway.meters().find("intercom.budget.wait").tag("outcome", "refused").timer().count()).isEqualTo(1);
    }

    @Test
    void lowRemainingBudgetReportedByIntercomHoldsNewCallsUntilReset() {
        Instant reset = Instant.now().plusSeconds(3);
        intercom.stubFor(get("/admins").willReturn(okJson("{\"type\":\"admin.list\",\"admins\":[]}")
                .withHeader("X-RateLimit-Limit", "167").withHeader("X-RateLimit-Remaining", "4")
                .withHeader("X-RateLimit-Reset", String.valueOf(reset.getEpochSecond()))));
        IntercomClient client = client(ResilientGateway.Settings.defaults().withBudget(1000, Duration.ofHours(1), 10, Duration.ofMillis(200)));

        client.admins();
        assertThatThrownBy(client::admins).isInstanceOfSatisfying(IntercomRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(IntercomRejectedException.Reason.BUDGET_EXHAUSTED);
            assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThanOrEqualTo(Duration.ofSeconds(4));
        });
        intercom.verify(1, anyRequestedFor(anyUrl()));
        assertThat(gateway.meters().find("intercom.budget.remaining").gauge().value()).isEqualTo(4);
    }

    private static ResponseDefinitionBuilder reportingRoom(ResponseDefinitionBuilder answer) {
        return answer.withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "90")
                .withHeader("X-RateLimit-Reset", String.valueOf(Instant.now().plusSeconds(50).getEpochSecond()));
    }

    /** Calls the bulkhead refuses never reach Intercom, so they spend none of the budget's 4 permits. */
    @Test
    void callsTheBulkheadRefusesSpendNoBudget() throws Exception {
        intercom.stubFor(get("/admins").willReturn(reportingRoom(okJson("{\"type\":\"admin.list\",\"admins\":[]}"))));
        intercom.stubFor(get("/contacts/slow").willReturn(reportingRoom(okJson(CONTACT).withFixedDelay(1500))));
        IntercomClient client = client(ResilientGateway.Settings.defaults().withBudget(4, Duration.ofHours(1), 0, Duration.ofMillis(300))
                .withConcurrency(1, Duration.ofSeconds(5)));

        client.admins();                                                       // 1 of 4
        var slow = java.util.concurrent.CompletableFuture.runAsync(() -> client.contact("slow"));   // 2 of 4, holds the one slot
        Thread.sleep(300);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(client::admins).isInstanceOfSatisfying(IntercomRejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(IntercomRejectedException.Reason.TOO_MANY_CONCURRENT_CALLS));
        }
        slow.get(5, java.util.concurrent.TimeUnit.SECONDS);
        client.admins();                                                       // 3 of 4
        client.admins();                                                       // 4 of 4

        intercom.verify(3, getRequestedFor(urlEqualTo("/admins")));
        assertThat(gateway.meter("intercom.budget.unsent")).isEqualTo(3);
    }

    /** Calls the open breaker refuses are refused before the budget: they spend none of it either. */
    @Test
    void callsTheOpenBreakerRefusesSpendNoBudget() {
        intercom.stubFor(get("/admins").willReturn(reportingRoom(aResponse().withStatus(500))));
        IntercomClient client = client(ResilientGateway.Settings.defaults().withBudget(3, Duration.ofHours(1), 0, Duration.ofMillis(300))
                .withBreaker(2, Duration.ofMinutes(1)).withConcurrency(64, Duration.ofSeconds(5)));   // a cold first call is not a timeout
        assertThatThrownBy(client::admins).isInstanceOf(IntercomApiException.class);          // 1 of 3
        assertThatThrownBy(client::admins).isInstanceOf(IntercomApiException.class);          // 2 of 3
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(client::admins).isInstanceOfSatisfying(IntercomRejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(IntercomRejectedException.Reason.CIRCUIT_OPEN));
        }

        gateway.circuitBreaker().transitionToClosedState();
        intercom.stubFor(get("/admins").willReturn(reportingRoom(okJson("{\"type\":\"admin.list\",\"admins\":[]}"))));
        client.admins();                                                       // 3 of 3
    }
}
