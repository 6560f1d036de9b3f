package dev.intercomgateway.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.webhooks.Signature;

/** Intercom's side of webhooks for tests: signed notifications posted to the intake, and subscribers reading the SSE stream. */
public final class Webhooks {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Webhooks() {
    }

    public static String notification(String id, String topic, String item) {
        return """
                {"type":"notification_event","app_id":"abc123","data":{"type":"notification_event_data","item":%s},"links":{},\
                "id":"%s","topic":"%s","delivery_status":"pending","delivery_attempts":1,"delivered_at":0,\
                "first_sent_at":1767225600,"created_at":1767225600,"self":null}""".formatted(item, id, topic);
    }

    public static String contact(String id, String role) {
        return "{\"type\":\"contact\",\"id\":\"" + id + "\",\"role\":\"" + role + "\",\"email\":\"" + id + "@example.com\"}";
    }

    public static String conversation(String id) {
        return "{\"type\":\"conversation\",\"id\":\"" + id + "\",\"state\":\"open\"}";
    }

    public static HttpResponse<String> post(String baseUrl, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/intercom"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(Signature.HEADER, signature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> postSigned(String baseUrl, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(baseUrl, bytes, Signature.sign(bytes, secret));
    }

    /** One SSE event as received. */
    public record Received(String id, JsonNode event) {
        public String type() {
            return event.get("type").asString();
        }
    }

    /** A subscriber reading /api/v1/events on its own thread until closed. */
    public static final class Subscriber implements AutoCloseable {

        public final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
        public final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
        public final int status;
        private final InputStream body;

        public Subscriber(String baseUrl, String key, String query, String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events" + (query == null ? "" : "?" + query)))
                    .header("Accept", "text/event-stream").GET();
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            try {
                HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                body = response.body();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (status == 200) {
                Thread.ofVirtual().start(this::read);
                awaitComment("subscribed");
            }
        }

        private void read() {
            try (Stream<String> lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8)).lines()) {
                String[] id = {null};
                lines.forEach(line -> {
                    if (line.startsWith("id: ")) {
                        id[0] = line.substring(4);
                    } else if (line.startsWith("data: ")) {
                        events.add(new Received(id[0], JSON.readTree(line.substring(6))));
                    } else if (line.startsWith(": ")) {
                        comments.add(line.substring(2));
                    }
                });
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }

        public void awaitComment(String prefix) {
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline) {
                    String comment = comments.poll(100, TimeUnit.MILLISECONDS);
                    if (comment != null && comment.startsWith(prefix)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("no '" + prefix + "' comment within 10 s");
        }

        /** The next n events, failing when they do not come within 10 seconds. */
        public List<Received> take(int n) throws InterruptedException {
            List<Received> taken = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Received event = events.poll(10, TimeUnit.SECONDS);
                if (event == null) {
                    throw new AssertionError("only " + taken.size() + " of " + n + " events arrived (subscription answered " + status + "): " + taken);
                }
                taken.add(event);
            }
            return taken;
        }

        /** Waits a moment and returns whatever else arrived. */
        public List<Received> rest(Duration wait) throws InterruptedException {
            Thread.sleep(wait);
            List<Received> rest = new ArrayList<>();
            events.drainTo(rest);
            return rest;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
