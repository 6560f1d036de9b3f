package dev.intercomgateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Over a hundred callers that open {@code GET /intercom/contacts} of a large list and then stop
 * reading (a tiny receive window, a few bytes read) do not take the door away from the others:
 * each slow caller holds at most its cap of Intercom's connections and bulkhead slots, a stalled
 * answer lets go of Intercom's connection after {@code gateway.passthrough.stall-timeout}, and
 * calls of other callers on both surfaces answer at once with the circuit breaker closed.
 */
@GatewayTest(properties = "intercom.access-token=dG9rLXNsb3ctcmVhZGVycy0xMjM0NQ")
class SlowReadersTest {

    static final int SLOW_READERS = 110;
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);
    /** 8 MB per answer: far more than the socket buffers between the gateway and a stalled caller hold. */
    static final int CHUNKS = 4_096;
    static final byte[] CHUNK = chunk();

    /**
     * Connections that asked for the large list and are still open. The gateway never reads a
     * stalled answer to its end, so such a connection is open exactly as long as the gateway holds
     * it (kernel buffers may take in all the stand-in writes, so its own send ending says nothing).
     */
    static final AtomicInteger LIST_CONNECTIONS_OPEN = new AtomicInteger();

    static final DisposableServer INTERCOM = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    .get("/contacts", (request, response) -> {
                        LIST_CONNECTIONS_OPEN.incrementAndGet();
                        ((reactor.netty.Connection) request).channel().closeFuture().addListener(closed -> LIST_CONNECTIONS_OPEN.decrementAndGet());
                        return response.header("Content-Type", "application/json")
                                .sendByteArray(Flux.concat(Flux.just("{\"type\":\"list\",\"data\":[".getBytes(StandardCharsets.US_ASCII)),
                                                Flux.range(0, CHUNKS).map(i -> CHUNK),
                                                Flux.just("{}],\"total_count\":0}".getBytes(StandardCharsets.US_ASCII))));
                    })
                    .get("/admins", (request, response) -> response.header("Content-Type", "application/json")
                            .sendString(reactor.core.publisher.Mono.just("{\"type\":\"admin.list\",\"admins\":[]}"))))
            .bindNow();

    @DynamicPropertySource
    static void intercomProperties(DynamicPropertyRegistry registry) {
        registry.add("intercom.base-url", () -> "http://127.0.0.1:" + INTERCOM.port());
        registry.add("gateway.passthrough.stall-timeout", () -> STALL_TIMEOUT.toMillis() + "ms");
    }

    @AfterAll
    static void stopIntercom() {
        INTERCOM.disposeNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @Autowired
    BulkheadRegistry bulkheads;

    @Autowired
    MeterRegistry meters;

    final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    @Test
    void otherCallersAnswerAtOnceWithTheBreakerClosedWhileOverAHundredReadersStall() throws Exception {
        CircuitBreaker breaker = circuitBreakers.circuitBreaker("intercom");
        HttpClient http = HttpClient.newHttpClient();
        warmUp(http);
        int bulkheadSize = bulkheads.bulkhead("intercom").getBulkheadConfig().getMaxConcurrentCalls();

        // two read-only apps, 55 slow readers each
        List<String> statuses = openSlowReaders(SLOW_READERS, i -> i % 2 == 0 ? TestCallers.SDK_READER_KEY : TestCallers.SDK_ALL_KEY);
        long streamed = statuses.stream().filter("200"::equals).count();
        long refused = statuses.stream().filter("429"::equals).count();
        System.out.printf("slow readers: %d streaming, %d refused over their caller's cap, others %s; refusals %s%n", streamed, refused,
                statuses.stream().filter(s -> !s.equals("200") && !s.equals("429")).toList(),
                meters.find("intercom.calls.refused").counters().stream().map(c -> c.getId().getTag("reason") + "/" + c.getId().getTag("client") + "=" + c.count()).toList());
        // what the stalled answers hold right now (the stall timeout has not passed for most of them)
        int heldSlots = bulkheadSize - bulkheads.bulkhead("intercom").getMetrics().getAvailableConcurrentCalls();
        int heldUpstream = LIST_CONNECTIONS_OPEN.get();
        for (int i = 0; i < 5; i++) {
            assertAnswersAtOnce(http, "/api/v1/admins", TestCallers.FULL_KEY);
            assertAnswersAtOnce(http, "/intercom/admins", TestCallers.SDK_KEY);
        }
        // each slow caller holds at most its cap (a quarter of the 100 pooled connections); the rest are its own 429
        assertThat(streamed).isLessThanOrEqualTo(50);
        assertThat(streamed + refused).isEqualTo(SLOW_READERS);
        assertThat(heldUpstream).as("Intercom connections held by the slow callers").isLessThanOrEqualTo(50);
        // the answers still streaming keep their bulkhead slots: the bulkhead shows what Intercom's connections are held for
        assertThat(heldSlots).as("bulkhead slots held while answers stream").isBetween((int) streamed / 2, 50);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        // after the stall timeout every stalled answer has let go of Intercom's connection and of its slots
        await(() -> LIST_CONNECTIONS_OPEN.get() == 0, STALL_TIMEOUT.plusSeconds(3));
        await(() -> bulkheads.bulkhead("intercom").getMetrics().getAvailableConcurrentCalls() == bulkheadSize, Duration.ofSeconds(1));
        assertThat(meters.get("gateway.passthrough.stalled").counter().count()).isGreaterThanOrEqualTo(streamed);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        // a slow caller that reads again is served again: its cap was given back
        assertAnswersAtOnce(http, "/intercom/admins", TestCallers.SDK_ALL_KEY);

        // once their sockets close, the stalled calls end as such in the passthrough's metrics and audit
        closeSockets();
        await(() -> meters.find("gateway.passthrough.requests").tag("status", "stalled").timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum() >= streamed, Duration.ofSeconds(10));
    }

    @Test
    void aStalledReadersConnectionToIntercomIsClosedAfterTheStallTimeoutNotBefore() throws Exception {
        warmUp(HttpClient.newHttpClient());
        long start = System.nanoTime();
        assertThat(openSlowReaders(1, i -> TestCallers.SDK_READER_KEY)).containsExactly("200");
        await(() -> LIST_CONNECTIONS_OPEN.get() == 1, Duration.ofSeconds(1));

        await(() -> LIST_CONNECTIONS_OPEN.get() == 0, STALL_TIMEOUT.plusSeconds(2));
        Duration held = Duration.ofNanos(System.nanoTime() - start);
        assertThat(held).as("Intercom's connection is held while the caller may still read").isGreaterThanOrEqualTo(STALL_TIMEOUT);
        assertThat(bulkheads.bulkhead("intercom").getMetrics().getAvailableConcurrentCalls())
                .isEqualTo(bulkheads.bulkhead("intercom").getBulkheadConfig().getMaxConcurrentCalls());
    }

    /**
     * Opens readers on the large list with a tiny receive window, ten at a time as callers come in
     * over a moment (not all within one bulkhead wait); each reads its status line and stops
     * reading. A reader still without a status line a few seconds after the last one opened is
     * {@code waiting} (for a connection to Intercom).
     */
    private List<String> openSlowReaders(int count, java.util.function.IntFunction<String> keyOf) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> statuses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (i > 0 && i % 10 == 0) {
                    Thread.sleep(150);
                }
                Socket socket = new Socket();
                socket.setReceiveBufferSize(1024);
                socket.setSoTimeout(10_000);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                sockets.add(socket);
                String key = keyOf.apply(i);
                statuses.add(threads.submit(() -> {
                    socket.getOutputStream().write(("GET /intercom/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                            + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    try {
                        byte[] statusLine = socket.getInputStream().readNBytes(12);
                        return new String(Arrays.copyOfRange(statusLine, 9, 12), StandardCharsets.US_ASCII);
                    } catch (SocketTimeoutException noAnswer) {
                        return "no answer";
                    }
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            List<String> result = new ArrayList<>();
            for (Future<String> status : statuses) {
                try {
                    result.add(status.get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS));
                } catch (java.util.concurrent.TimeoutException waiting) {
                    result.add("waiting");
                }
            }
            threads.shutdownNow();
            return result;
        }
    }

    /** The first requests of a fresh application are slow for reasons of their own (class loading, caches). */
    private void warmUp(HttpClient http) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/admins")).header("Authorization", "Bearer " + TestCallers.FULL_KEY)
                .build(), HttpResponse.BodyHandlers.discarding());
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/intercom/admins")).header("Authorization", "Bearer " + TestCallers.SDK_KEY)
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    private void assertAnswersAtOnce(HttpClient http, String path, String key) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException waited) {
            throw new AssertionError(path + " did not answer within 5 s while slow readers stall", waited);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
        assertThat(took).as(path + " while slow readers stall").isLessThan(Duration.ofSeconds(1));
    }

    private static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + within).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static byte[] chunk() {
        byte[] chunk = ("{\"type\":\"contact\",\"id\":\"6650a1b2c3d4e5f600000001\",\"name\":\"" + "x".repeat(1_950) + "\"},")
                .getBytes(StandardCharsets.US_ASCII);
        return chunk;
    }
}
