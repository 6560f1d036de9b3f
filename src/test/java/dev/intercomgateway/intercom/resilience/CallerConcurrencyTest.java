package dev.intercomgateway.intercom.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's own saturation is its own: a full connection pool is a 503 with Retry-After that
 * the breaker does not count and nobody retries, and a caller over its cap of open calls gets a
 * 429 while other callers go on. Two pooled connections, one open call per caller unless the
 * caller's own setting says otherwise.
 */
@GatewayTest(properties = {
        "intercom.max-connections=2",
        "intercom.concurrency.connection-wait=300ms",
        "intercom.concurrency.max-calls-per-caller=1"}, testCallers = false)
class CallerConcurrencyTest {

    static final String ID = "6650a1b2c3d4e5f600000001";

    /** Distinct ids for calls meant to be open at once: concurrent reads of one id share one Intercom call. */
    static String id(int n) {
        return "6650a1b2c3d4e5f6000001%02d".formatted(n);
    }
    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"" + ID + "\",\"role\":\"user\",\"created_at\":1}";
    static final int SLOW_MS = 4_000;

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @DynamicPropertySource
    static void intercomProperties(DynamicPropertyRegistry registry) {
        TestCallers.register(registry);
        // sdk-all may have four calls open, more than the pool holds
        registry.add("gateway.clients[7].max-concurrent-calls", () -> "4");
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @BeforeEach
    void slowIntercom() {
        // a first call of each surface, so that what is timed below is not the application's warm-up
        intercom.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson(CONTACT)));
        new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_KEY).get("/contacts/" + ID);
        new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY).get("/api/v1/users/" + ID);
        intercom.resetAll();
        intercom.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson(CONTACT).withFixedDelay(SLOW_MS)));
    }

    @Test
    void aFullPoolIsA503WithRetryAfterOnBothSurfacesNeitherRetriedNorCountedAsIntercomFailing() throws Exception {
        CircuitBreaker breaker = circuitBreakers.circuitBreaker("intercom");
        long failedBefore = breaker.getMetrics().getNumberOfFailedCalls();
        HttpCaller sdkAll = new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_ALL_KEY);
        HttpCaller full = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // two slow calls take both pooled connections
            List<CompletableFuture<HttpCaller.Answer>> holding = List.of(
                    CompletableFuture.supplyAsync(() -> sdkAll.get("/contacts/" + id(1)), threads),
                    CompletableFuture.supplyAsync(() -> sdkAll.get("/contacts/" + id(2)), threads));
            awaitRequests(2);

            long start = System.nanoTime();
            HttpCaller.Answer passthrough = sdkAll.get("/contacts/" + id(3));
            HttpCaller.Answer api = full.get("/api/v1/users/" + id(4));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(passthrough.status()).isEqualTo(503);
            assertThat(passthrough.json().get("type").asString()).isEqualTo("error.list");
            assertThat(Integer.parseInt(passthrough.header("Retry-After"))).isPositive();
            assertThat(api.status()).isEqualTo(503);
            assertThat(api.json().get("reason").asString()).isEqualTo("no_free_connection");
            assertThat(Integer.parseInt(api.header("Retry-After"))).isPositive();
            assertThat(took).as("both refused after the connection wait, not after Intercom's timeout").isLessThan(Duration.ofMillis(SLOW_MS));
            for (CompletableFuture<HttpCaller.Answer> call : holding) {
                assertThat(call.get().status()).isEqualTo(200);
            }
        }
        intercom.verify(2, getRequestedFor(urlPathMatching("/contacts/.*")));
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aCallerOverItsCapIsRefusedWhileAnotherCallerPasses() throws Exception {
        HttpCaller reader = new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_READER_KEY);
        HttpCaller other = new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_KEY);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<HttpCaller.Answer> first = CompletableFuture.supplyAsync(() -> reader.get("/contacts/" + id(5)), threads);
            awaitRequests(1);

            long start = System.nanoTime();
            HttpCaller.Answer second = reader.get("/contacts/" + id(6));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            HttpCaller.Answer others = other.get("/contacts/" + id(7));

            assertThat(second.status()).isEqualTo(429);
            assertThat(second.json().get("type").asString()).isEqualTo("error.list");
            assertThat(Integer.parseInt(second.header("Retry-After"))).isPositive();
            assertThat(took).as("refused at once").isLessThan(Duration.ofMillis(SLOW_MS));
            assertThat(others.status()).isEqualTo(200);
            assertThat(first.get().status()).isEqualTo(200);
        }
        intercom.verify(2, getRequestedFor(urlPathMatching("/contacts/.*")));
        // the cap was given back when the answer was read
        assertThat(reader.get("/contacts/" + ID).status()).isEqualTo(200);
    }

    private static void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(SLOW_MS / 1000 + 5).toNanos();
        while (intercom.findAll(getRequestedFor(urlPathMatching("/contacts/.*"))).size() < count) {
            assertThat(System.nanoTime()).as("Intercom saw %d calls", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
