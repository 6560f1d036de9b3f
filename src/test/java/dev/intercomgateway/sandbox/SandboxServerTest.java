package dev.intercomgateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.contract.ContractViolations;
import dev.intercomgateway.contract.IntercomContract;

/** The sandbox speaks Intercom's HTTP dialect: bearer auth, error.list, X-RateLimit-* headers and 429s. */
class SandboxServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxServer server;

    @BeforeEach
    void setUp() {
        SandboxStore store = new SandboxStore(Clock.systemUTC());
        SandboxSeed.load(store);
        server = new SandboxServer(store, new SandboxProperties(3, Duration.ofSeconds(60), true), Clock.systemUTC(),
                new SandboxWebhooks(null, Clock.systemUTC()));
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        ContractViolations.checkAnswer(new IntercomContract.Exchange(method, URI.create(path).getRawPath(), Map.of(),
                token == null ? Map.of() : Map.of("Authorization", List.of("Bearer " + token)),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), response.statusCode(), response.headers().map(),
                response.body().getBytes(StandardCharsets.UTF_8)));
        return response;
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void wrongOrMissingTokenIs401ErrorListWithoutBudgetHeaders() throws Exception {
        for (String token : new String[] {null, "nope", server.accessToken() + "x"}) {
            HttpResponse<String> response = call("GET", "/me", token, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("\"type\":\"error.list\"").contains("\"code\":\"unauthorized\"");
            assertThat(response.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
        }
    }

    @Test
    void countsDownTheWindowBudgetThenAnswers429() throws Exception {
        String token = server.accessToken();
        assertThat(call("GET", "/admins", token, null).headers().firstValue("X-RateLimit-Remaining")).hasValue("2");
        assertThat(call("GET", "/admins", token, null).headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
        HttpResponse<String> last = call("GET", "/admins", token, null);
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
        assertThat(last.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        long reset = Long.parseLong(last.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertThat(reset).isGreaterThan(System.currentTimeMillis() / 1000 - 1);

        HttpResponse<String> over = call("GET", "/admins", token, null);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.body()).contains("rate_limit_exceeded");
    }

    @Test
    void unknownPathIsNotFoundErrorList() throws Exception {
        HttpResponse<String> response = call("GET", "/companies", server.accessToken(), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"not_found\"").contains("\"request_id\"");
    }

    @Test
    void malformedJsonIs400ParameterInvalid() throws Exception {
        HttpResponse<String> response = call("POST", "/contacts", server.accessToken(), "{\"email\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("parameter_invalid");
    }

    @Test
    void searchPaginatesWithCursor() throws Exception {
        String search = "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"per_page\":2}}";
        HttpResponse<String> first = call("POST", "/contacts/search", server.accessToken(), search);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"total_count\":3").contains("\"starting_after\"").doesNotContain("visitor@example.com");
    }
}
