package dev.intercomgateway.intercom.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Per-caller caps alone let a few callers fill the bulkhead together (three callers at a cap of 6
 * hold 18 calls, more than a bulkhead of 16). The bulkhead's last slots are kept for callers with
 * fewer than their guaranteed calls open, so another caller still gets its answers at once while
 * the greedy ones hold slow calls, and the greedy callers' extra calls are their own 429s.
 */
@GatewayTest(properties = {
        "intercom.max-connections=16",
        "resilience4j.bulkhead.instances.intercom.max-concurrent-calls=16",
        // guaranteed-calls-per-caller 2 and bulkhead-reserve a quarter of the bulkhead (4): the defaults
        "intercom.concurrency.max-calls-per-caller=" + CallerHeadroomTest.CAP})
class CallerHeadroomTest {

    /** The slow calls' ids start with this (two more digits each). */
    static final String SLOW_ID = "6650a1b2c3d4e5f6000002";
    static final String FAST_ID = "6650a1b2c3d4e5f600000003";
    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"%s\",\"role\":\"user\",\"created_at\":1}";
    static final int SLOW_MS = 5_000;
    static final int CAP = 6;

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    @Test
    void greedyCallersHoldingSlowCallsCannotStopAnotherCallerGettingAnswers() throws Exception {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + FAST_ID)).willReturn(okJson(CONTACT.formatted(FAST_ID))));
        HttpCaller victim = new HttpCaller("http://localhost:" + port, TestCallers.READER_KEY);
        assertThat(victim.get("/api/v1/users/" + FAST_ID).status()).as("warm-up").isEqualTo(200);
        // a distinct id per greedy call: concurrent reads of one id would share one Intercom call
        intercom.stubFor(get(urlPathMatching("/contacts/" + SLOW_ID + ".*")).willReturn(okJson(CONTACT.formatted(SLOW_ID)).withFixedDelay(SLOW_MS)));
        AtomicInteger next = new AtomicInteger();

        List<HttpCaller> greedy = List.of(TestCallers.SDK_KEY, TestCallers.SDK_READER_KEY, TestCallers.SDK_ALL_KEY).stream()
                .map(key -> new HttpCaller("http://localhost:" + port + "/intercom", key)).toList();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<HttpCaller.Answer>> held = new ArrayList<>();
            for (HttpCaller caller : greedy) {
                for (int i = 0; i < CAP + 2; i++) {
                    String id = SLOW_ID + "%02d".formatted(next.incrementAndGet());
                    held.add(CompletableFuture.supplyAsync(() -> caller.get("/contacts/" + id), threads));
                }
            }
            // every greedy caller has its guaranteed 2 open, and heavy calls stop 4 short of the bulkhead's 16
            awaitSlowCalls(12);
            Thread.sleep(300);

            for (int probe = 0; probe < 5; probe++) {
                long start = System.nanoTime();
                HttpCaller.Answer answer = victim.get("/api/v1/users/" + FAST_ID);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(answer.status()).as("probe %d of the other caller", probe).isEqualTo(200);
                assertThat(took).as("probe %d answered at once, not after the bulkhead's wait", probe).isLessThan(Duration.ofSeconds(1));
            }

            int sent = intercom.findAll(getRequestedFor(urlPathMatching("/contacts/" + SLOW_ID + ".*"))).size();
            assertThat(sent).as("greedy calls sent to Intercom").isLessThanOrEqualTo(16 - 2);
            List<Integer> statuses = held.stream().map(call -> call.join().status()).toList();
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(sent);
            assertThat(statuses).as("every other greedy call was the caller's own 429").filteredOn(status -> status == 429)
                    .hasSize(held.size() - sent);
        }
    }

    private static void awaitSlowCalls(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (intercom.findAll(getRequestedFor(urlPathMatching("/contacts/" + SLOW_ID + ".*"))).size() < count) {
            assertThat(System.nanoTime()).as("Intercom saw %d slow calls", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
