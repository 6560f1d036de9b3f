package dev.intercomgateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Throws a few thousand generated hostile requests (ids, query strings, JSON bodies, headers) at the
 * running service with Intercom stubbed: no answer is a 5xx or shows a stack trace, and Intercom
 * never receives a request outside the paths the service is meant to call.
 */
@GatewayTest(properties = {
        "intercom.access-token=fuzz-intercom-token",
        "intercom.rate-limit.budget-per-window=100000"})
class HostileInputFuzzTest {

    static final int REQUESTS = 2_500;
    static final long SEED = 20261124L;
    static final Pattern ALLOWED_UPSTREAM = Pattern.compile(
            "/(me|admins|messages|contacts|contacts/search|contacts/[A-Za-z0-9_-]{1,128}|conversations"
                    + "|conversations/[A-Za-z0-9_-]{1,128}(/reply|/parts)?)(\\?.*)?");

    static final String[] HOSTILE_FRAGMENTS = {"..", "../", "..%2F", "%2e%2e", "%2F", "%5C", "\\", "%00", "%0d%0a", "%25", "?", "#",
            "/admins", "%2Fadmins", ";", ";jsessionid=x", "%C0%AE", "%E2%80%AE", "\u202E", "\u0000", "ｍｅ", "İ", "\uD83D\uDE00", "'",
            "\"", "<script>", "${jndi:ldap://x}", "%n%s", "*", "~", " ", "\t", "a".repeat(300), "6650a1", "c1", "-", "_"};
    static final String[] PATHS = {"/api/v1/users/", "/api/v1/conversations/", "/api/v1/conversations/%s/replies", "/api/v1/users",
            "/api/v1/conversations", "/api/v1/admins"};
    static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"};

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    @Test
    void hostileRequestsGetNoServerErrorAndReachNoOtherIntercomPath() throws Exception {
        intercom.stubFor(any(anyUrl()).atPriority(10).willReturn(okJson("{\"type\":\"contact\",\"id\":\"c1\",\"role\":\"user\"}")));
        intercom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/contacts/search").atPriority(1).willReturn(okJson(
                "{\"type\":\"list\",\"data\":[],\"total_count\":0,\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":0}}")));
        intercom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/conversations"))
                .atPriority(1).willReturn(okJson("{\"type\":\"conversation.list\",\"conversations\":[],\"total_count\":0,"
                        + "\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":20,\"total_pages\":0}}")));
        Random random = new Random(SEED);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> failures = new ArrayList<>();
        String previous = "none";

        for (int i = 0; i < REQUESTS; i++) {
            String method = METHODS[random.nextInt(METHODS.length)];
            String path = path(random);
            String body = random.nextInt(4) == 0 ? null : body(random);
            HttpRequest.Builder request;
            try {
                request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20));
            } catch (IllegalArgumentException notAUri) {
                continue;
            }
            request.header("Authorization", "Bearer " + TestCallers.FULL_KEY);
            if (random.nextBoolean()) {
                request.header("Content-Type", random.nextInt(5) == 0 ? "text/plain" : "application/json");
            }
            if (random.nextInt(5) == 0) {
                request.header("Idempotency-Key", fragment(random).replaceAll("[^\\x21-\\x7E]", "k"));
            }
            if (random.nextInt(5) == 0) {
                request.header("X-Request-Id", fragment(random).replaceAll("[^\\x21-\\x7E]", "r"));
            }
            HttpRequest built;
            try {
                built = request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .build();
            } catch (IllegalArgumentException refusedByTheClient) {
                continue;
            }
            HttpResponse<String> response;
            try {
                response = sendOnceMoreOnAFreshConnectionIfDropped(http, built);
            } catch (IOException noAnswer) {
                // Report which request got no answer twice (and the one before it), rather than abort the run.
                failures.add(method + " " + path + " (body " + (body != null) + ", after: " + previous + ") -> " + noAnswer);
                continue;
            } finally {
                previous = method + " " + path + (body == null ? "" : " with body");
            }
            String text = response.body();
            if (response.statusCode() >= 500 || text.contains("Exception") || text.contains("\tat ") || text.contains("fuzz-intercom-token")) {
                failures.add(method + " " + path + " -> " + response.statusCode() + " " + text.substring(0, Math.min(200, text.length())));
            }
        }

        assertThat(failures).as("answers with a 5xx, a stack trace or the token").isEmpty();
        List<String> outside = new ArrayList<>();
        for (LoggedRequest received : intercom.getAllServeEvents().stream().map(event -> event.getRequest()).toList()) {
            if (!ALLOWED_UPSTREAM.matcher(received.getUrl()).matches()) {
                outside.add(received.getMethod() + " " + received.getUrl());
            }
        }
        assertThat(outside).as("requests Intercom received outside the allowed paths").isEmpty();
    }

    /**
     * A write sent on a kept-alive connection the server is closing at that moment gets no answer,
     * and the JDK client resends only GET and HEAD by itself. That race is any HTTP client's, not
     * the service's: the request is sent once more on a new connection, and only a request that
     * gets no answer there either is a failure.
     */
    private static HttpResponse<String> sendOnceMoreOnAFreshConnectionIfDropped(HttpClient http, HttpRequest request)
            throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException dropped) {
            System.out.println("Fuzz: no answer to " + request.method() + " " + request.uri() + " (" + dropped + "), sending it once more");
            try (HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                return fresh.send(request, HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    private static String fragment(Random random) {
        return HOSTILE_FRAGMENTS[random.nextInt(HOSTILE_FRAGMENTS.length)];
    }

    private static String path(Random random) {
        String template = PATHS[random.nextInt(PATHS.length)];
        StringBuilder id = new StringBuilder();
        for (int n = random.nextInt(3) + 1; n > 0; n--) {
            id.append(fragment(random));
        }
        String encodedId = random.nextBoolean() ? URLEncoder.encode(id.toString(), StandardCharsets.UTF_8) : id.toString();
        String path = template.contains("%s") ? template.formatted(encodedId) : template.endsWith("/") ? template + encodedId : template;
        if (random.nextBoolean()) {
            path += "?" + query(random);
        }
        return path;
    }

    private static String query(Random random) {
        String[] names = {"limit", "cursor", "email", "external_id", "x", "limit[]", ""};
        StringBuilder query = new StringBuilder();
        for (int n = random.nextInt(3) + 1; n > 0; n--) {
            String value = switch (random.nextInt(5)) {
                case 0 -> String.valueOf(random.nextInt());
                case 1 -> "9".repeat(random.nextInt(40) + 1);
                case 2 -> fragment(random);
                default -> URLEncoder.encode(fragment(random), StandardCharsets.UTF_8);
            };
            query.append(names[random.nextInt(names.length)]).append('=').append(value).append('&');
        }
        return query.toString();
    }

    private static String body(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "{\"email\":\"" + fragment(random).replace("\"", "\\\"").replace("\\", "\\\\") + "@example.com\"}";
            case 1 -> "[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(3000));
            case 2 -> "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
            case 3 -> "{\"email\":\"a@example.com\",\"custom_attributes\":{" + "\"k\":1,".repeat(random.nextInt(500)) + "\"z\":{\"deep\":[1,2]}}}";
            case 4 -> "{\"from\":{\"type\":\"admin\",\"id\":\"" + fragment(random).replace("\"", "") + "\"},\"body\":\"x\",\"to\":{\"type\":\"user\",\"id\":\"../me\"},\"message_type\":\"inapp\"}";
            case 5 -> "{\"signed_up_at\":" + "9".repeat(random.nextInt(400) + 1) + ",\"email\":\"a@example.com\"}";
            case 6 -> "{\"name\":\"" + "x".repeat(random.nextInt(70_000)) + "\",\"external_id\":\"e\"}";
            case 7 -> "\u0000\u0001\u0002garbage" + fragment(random);
            default -> "{\"email\":null,\"external_id\":" + random.nextInt() + ",\"phone\":[],\"unknown\":{}}";
        };
    }
}
