package dev.intercomgateway.intercom.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drains N calls through an Intercom stand-in that enforces a budget per fixed window, once with
 * this gateway and once with a client that just retries 429s the way Intercom's official SDKs do
 * (wait for X-RateLimit-Reset plus 0-20% jitter, else exponential backoff), and reports both side
 * by side. Not part of the test suite: run it with {@code bench/rate-budget.sh}.
 */
@Tag("benchmark")
class RateBudgetBenchmark {

    static final int REQUESTS = Integer.getInteger("bench.requests", 500);
    static final int BUDGET = Integer.getInteger("bench.budget", 100);
    static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("bench.window-seconds", 10));
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);

    record Result(String client, Duration wall, int upstream429s, int upstream429sAfterFirstWindow, int succeeded, Map<String, Integer> errors) {
    }

    private static final Map<String, Integer> ERRORS = new ConcurrentHashMap<>();

    @Test
    void drainThroughTheGatewayAndThroughANaiveClient() throws Exception {
        Result gateway = run("intercom-gateway", this::throughGateway);
        Result naive = run("naive retry-on-429 client", this::throughNaiveClient);
        double minimumSeconds = (double) REQUESTS / BUDGET * WINDOW.toSeconds();
        // With fixed windows, the first window's budget is available at once: the last batch starts
        // (ceil(N / budget) - 1) windows after the first.
        double floorSeconds = (Math.ceilDiv(REQUESTS, BUDGET) - 1) * (double) WINDOW.toSeconds();

        StringBuilder report = new StringBuilder()
                .append("Rate-budget benchmark: ").append(REQUESTS).append(" calls, budget ").append(BUDGET).append(" per ")
                .append(WINDOW.toSeconds()).append(" s window, ").append(CONCURRENCY).append(" concurrent callers\n")
                .append("theoretical minimum (N / budget rate): ").append(String.format("%.1f s", minimumSeconds))
                .append("; fixed-window floor ((ceil(N / budget) - 1) windows): ").append(String.format("%.1f s", floorSeconds)).append("\n\n")
                .append("| client | wall time | wall / minimum | wall / fixed-window floor | upstream 429s | 429s after the first window | succeeded |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Result result : List.of(gateway, naive)) {
            double seconds = result.wall().toMillis() / 1000.0;
            report.append(String.format("| %s | %.1f s | %.2f | %.2f | %d | %d | %d |%n", result.client(), seconds, seconds / minimumSeconds,
                    floorSeconds > 0 ? seconds / floorSeconds : Double.NaN, result.upstream429s(), result.upstream429sAfterFirstWindow(),
                    result.succeeded()));
        }
        for (Result result : List.of(gateway, naive)) {
            if (!result.errors().isEmpty()) {
                report.append("\nfailed calls of ").append(result.client()).append(": ").append(result.errors()).append("\n");
            }
        }
        Path out = Path.of("target", "bench", "rate-budget.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    interface Drain {
        int drain(URI stub) throws Exception;
    }

    private Result run(String name, Drain drain) throws Exception {
        try (FixedWindowIntercomStub stub = new FixedWindowIntercomStub(BUDGET, WINDOW.toMillis())) {
            long now = System.currentTimeMillis();
            Thread.sleep(WINDOW.toMillis() - Math.floorMod(now, WINDOW.toMillis()) + 5);
            long firstWindowEnds = System.currentTimeMillis() + WINDOW.toMillis();
            long started = System.nanoTime();
            ERRORS.clear();
            int succeeded = drain.drain(stub.baseUrl());
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            return new Result(name, wall, stub.throttled(), stub.throttledAfter(firstWindowEnds), succeeded, Map.copyOf(ERRORS));
        }
    }

    private int throughGateway(URI stub) throws Exception {
        ResilientGateway.Settings settings = new ResilientGateway.Settings(4, BUDGET, WINDOW, 0, Duration.ofMinutes(30), 100,
                Duration.ofSeconds(30), 64, Duration.ofSeconds(10));
        try (ResilientGateway gateway = ResilientGateway.create(stub, settings)) {
            return drainWith(() -> {
                gateway.client().admins();
                return true;
            });
        }
    }

    private int throughNaiveClient(URI stub) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(stub.resolve("/admins")).header("Authorization", "Bearer test").build();
        return drainWith(() -> {
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 429) {
                    return response.statusCode() == 200;
                }
                Thread.sleep(sdkStyleWait(response, attempt));
            }
        });
    }

    /** Intercom's SDK: X-RateLimit-Reset plus 0-20% jitter, else 1 s x 2^attempt (+-10%), capped at 60 s. */
    private static long sdkStyleWait(HttpResponse<String> response, int attempt) {
        var reset = response.headers().firstValue("X-RateLimit-Reset");
        if (reset.isPresent()) {
            long wait = Math.max(0, Long.parseLong(reset.get()) * 1000 - System.currentTimeMillis());
            return wait + (long) (wait * ThreadLocalRandom.current().nextDouble(0, 0.2));
        }
        long backoff = Math.min(60_000, 1000L << Math.min(attempt, 6));
        return (long) (backoff * ThreadLocalRandom.current().nextDouble(0.9, 1.1));
    }

    interface Call {
        boolean call() throws Exception;
    }

    private static int drainWith(Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CONCURRENCY; i++) {
                workers.add(callers.submit(() -> {
                    while (next.getAndIncrement() < REQUESTS) {
                        try {
                            if (call.call()) {
                                succeeded.incrementAndGet();
                            }
                        } catch (IOException | RuntimeException e) {
                            Throwable root = e;
                            while (root.getCause() != null) {
                                root = root.getCause();
                            }
                            ERRORS.merge(e.getClass().getSimpleName() + " (" + root + ")", 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        return succeeded.get();
    }
}
