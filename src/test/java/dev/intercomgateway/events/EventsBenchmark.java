package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.RedisTestServer;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.TestCallers;
import dev.intercomgateway.testsupport.Webhooks;
import dev.intercomgateway.webhooks.Signature;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Posts RATE signed notifications a second for SECONDS to the intake while one subscriber reads
 * /api/v1/events (reconnecting with Last-Event-ID whenever it is dropped), and reports what was
 * accepted, what was delivered, how often, and how late. Not part of the test suite: run it with
 * {@code bench/events.sh}.
 */
@Tag("benchmark")
@GatewayTest(properties = {
        "intercom.base-url=http://127.0.0.1:9",
        "intercom.access-token=unused-token",
        "intercom.client-secret=" + EventsBenchmark.SECRET,
        "logging.level.audit=WARN"})
class EventsBenchmark {

    static final int RATE = Integer.getInteger("bench.rate", 1000);
    static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    static final boolean REDIS = "redis".equals(System.getProperty("bench.store", "memory"));
    static final String SECRET = "benchmark-client-secret";
    static final RedisTestServer REDIS_SERVER = REDIS ? RedisTestServer.start() : null;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        if (REDIS) {
            registry.add("intercom.rate-limit.store", () -> "redis");
            registry.add("spring.data.redis.host", REDIS_SERVER::host);
            registry.add("spring.data.redis.port", REDIS_SERVER::port);
        }
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (REDIS_SERVER != null) {
            REDIS_SERVER.close();
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger reconnects = new AtomicInteger();
    volatile boolean reading = true;

    @Test
    void notificationsAtRateAreDeliveredOnceToASubscriber() throws Exception {
        String base = "http://localhost:" + port;
        CountDownLatch subscribed = new CountDownLatch(1);
        Thread subscriber = Thread.ofVirtual().start(() -> subscribe(base, subscribed));
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();

        int total = RATE * SECONDS;
        AtomicInteger accepted = new AtomicInteger();
        Map<Integer, AtomicInteger> refused = new ConcurrentHashMap<>();
        List<java.util.concurrent.CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int n = 0; n < total; n++) {
            long due = start + (long) n * 1_000_000_000L / RATE;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String id = "notif_bench_" + n;
            byte[] body = Webhooks.notification(id, "contact.user.updated", Webhooks.contact("6650bench" + n, "user"))
                    .getBytes(StandardCharsets.UTF_8);
            sentAt.put(id, System.nanoTime());
            inFlight.add(deliver(base, body, 1, accepted, refused));
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        java.util.concurrent.CompletableFuture.allOf(inFlight.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (deliveries.size() < accepted.get() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double drainSeconds = (System.nanoTime() - start) / 1e9;
        reading = false;
        subscriber.interrupt();

        long twice = deliveries.values().stream().filter(count -> count > 1).count();
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        String report = "Events benchmark: " + total + " signed notifications at " + RATE + "/s for " + SECONDS + " s, "
                + (REDIS ? "Redis" : "in-memory") + " log, one SSE subscriber\n\n"
                + "| sent in | accepted (200) | attempts refused or failed, retried as Intercom does (status: count) | delivered | delivered twice or more | missing | all delivered after | "
                + "delivery latency p50 | p99 | max | subscriber reconnects |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
                + String.format("| %.1f s | %d | %s | %d | %d | %d | %.1f s | %s | %s | %s | %d |%n", sendSeconds, accepted.get(), refused,
                        deliveries.size(), twice, total - deliveries.size(), drainSeconds, millis(sorted, 0.50), millis(sorted, 0.99),
                        millis(sorted, 1.0), reconnects.get());
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "events.md"), report);
        System.out.println(report);
        assertThat(accepted.get()).isEqualTo(total);
        assertThat(deliveries).hasSize(total);
        assertThat(twice).isZero();
    }

    /** As Intercom delivers: a refused or failed delivery is tried again a second later, three times at most. */
    private java.util.concurrent.CompletableFuture<Void> deliver(String base, byte[] body, int attempt, AtomicInteger accepted,
            Map<Integer, AtomicInteger> refused) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/webhooks/intercom"))
                        .header("Content-Type", "application/json").header(Signature.HEADER, Signature.sign(body, SECRET))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                .handle((answer, failure) -> answer == null ? -1 : answer.statusCode())
                .thenCompose(status -> {
                    if (status == 200) {
                        accepted.incrementAndGet();
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    }
                    refused.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    if (attempt >= 3) {
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    }
                    return java.util.concurrent.CompletableFuture.supplyAsync(() -> null,
                                    java.util.concurrent.CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                            .thenCompose(ignored -> deliver(base, body, attempt + 1, accepted, refused));
                });
    }

    private static String millis(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "-";
        }
        return String.format("%.1f ms", sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1000.0);
    }

    /** Reads the stream as an EventSource client does: on a drop, reconnect with the last id seen. */
    private void subscribe(String base, CountDownLatch subscribed) {
        AtomicReference<String> lastId = new AtomicReference<>();
        while (reading) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                    .header("Authorization", "Bearer " + TestCallers.EVENTS_ALL_KEY).header("Accept", "text/event-stream");
            if (lastId.get() != null) {
                request.header("Last-Event-ID", lastId.get());
            }
            try {
                HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while (reading && (line = lines.readLine()) != null) {
                        if (line.startsWith(": subscribed")) {
                            subscribed.countDown();
                        } else if (line.startsWith("id: ")) {
                            lastId.set(line.substring(4));
                        } else if (line.startsWith("data: ")) {
                            received(Webhooks.JSON.readTree(line.substring(6)).get("id").asString());
                        }
                    }
                }
            } catch (Exception dropped) {
                // reconnect below
            }
            if (reading) {
                reconnects.incrementAndGet();
            }
        }
    }

    private void received(String notificationId) {
        Long sent = sentAt.get(notificationId);
        if (deliveries.merge(notificationId, 1, Integer::sum) == 1 && sent != null) {
            latenciesMicros.add((System.nanoTime() - sent) / 1000);
        }
    }
}
