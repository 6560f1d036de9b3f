package dev.intercomgateway.intercom.resilience;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Intercom that enforces a budget per fixed window the way Intercom does: it
 * answers {@code /admins} with X-RateLimit-* headers, and with 429 once the window's budget is spent.
 */
final class FixedWindowIntercomStub implements AutoCloseable {

    private final HttpServer server;
    private final int budget;
    private final long windowMillis;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final java.util.concurrent.ConcurrentLinkedQueue<Long> throttledAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private long windowStart = -1;
    private volatile long delayMillis;
    private int used;

    FixedWindowIntercomStub(int budget, long windowMillis) throws IOException {
        this.budget = budget;
        this.windowMillis = windowMillis;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/admins", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int served() {
        return served.get();
    }

    int throttled() {
        return throttled.get();
    }

    /** Other clients of the same app spend part of the current window. */
    synchronized void spendElsewhere(int calls) {
        long now = System.currentTimeMillis();
        long start = now - Math.floorMod(now, windowMillis);
        if (start != windowStart) {
            windowStart = start;
            used = 0;
        }
        used += calls;
    }

    /** Each answer takes this long, so that calls overlap. */
    void answerAfter(long millis) {
        this.delayMillis = millis;
    }

    /** 429s answered at or after the given time (epoch milliseconds). */
    int throttledAfter(long epochMillis) {
        return (int) throttledAt.stream().filter(at -> at >= epochMillis).count();
    }

    /** Forgets what warm-up calls counted, once the window they may have spilled into is over. */
    void resetCountsAtNextWindow() throws InterruptedException {
        long now = System.currentTimeMillis();
        Thread.sleep(windowMillis - Math.floorMod(now, windowMillis) + windowMillis);
        served.set(0);
        throttled.set(0);
        throttledAt.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int remaining;
        long reset;
        boolean allowed;
        synchronized (this) {
            long now = System.currentTimeMillis();
            long start = now - Math.floorMod(now, windowMillis);
            if (start != windowStart) {
                windowStart = start;
                used = 0;
            }
            allowed = used < budget;
            if (allowed) {
                used++;
            }
            remaining = budget - used;
            reset = Math.ceilDiv(windowStart + windowMillis, 1000L);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-RateLimit-Limit", String.valueOf(budget));
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", String.valueOf(remaining));
        exchange.getResponseHeaders().add("X-RateLimit-Reset", String.valueOf(reset));
        byte[] body;
        if (allowed) {
            served.incrementAndGet();
            body = "{\"type\":\"admin.list\",\"admins\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
        } else {
            throttled.incrementAndGet();
            throttledAt.add(System.currentTimeMillis());
            body = "{\"type\":\"error.list\",\"errors\":[{\"code\":\"rate_limit_exceeded\",\"message\":\"Exceeded rate limit\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(429, body.length);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
