package dev.intercomgateway.passthrough;

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

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.contract.ContractViolations;
import dev.intercomgateway.contract.OffContractAnswers;
import dev.intercomgateway.intercom.operations.IntercomOperation;
import dev.intercomgateway.intercom.operations.IntercomOperations;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

/**
 * Hostile requests on the Intercom-compatible surface: Intercom's own paths with hostile ids,
 * made-up paths and methods, odd bodies and headers. No answer is a 5xx, a stack trace or the
 * token; everything Intercom receives is one of its operations with forwardable path parameters
 * (see {@link #forwardable}) encoded exactly once, the gateway's token and none of the caller's headers.
 */
@GatewayTest(properties = {
        "intercom.access-token=" + IntercomPassthroughFuzzTest.TOKEN,
        "resilience4j.retry.instances.intercom.max-attempts=1"})
class IntercomPassthroughFuzzTest {

    static final int REQUESTS = 1_500;
    static final long SEED = 20261125L;
    static final String TOKEN = "fuzz-passthrough-intercom-token";
    static final String[] HOSTILE = {"..", "../", "..%2F", "%2e%2e", "%2F", "%5C", "\\", "%00", "%0d%0a", "%25", "#", ";", ";x=y",
            "%C0%AE", "\u202E", "ｍｅ", "İ", "\uD83D\uDE00", "'", "\"", "<script>", "${jndi:ldap://x}", "*", "~", " ", "a".repeat(300),
            "6650a1", "123", "-", "_", "a@b.c", "7%off", "%3B", "a+b", "%20", "caf%C3%A9", "DOMAIN%5Cuser", "%7F", "%C2%85"};
    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"};
    static final String[] BODIES = {"{}", "{\"role\":\"user\",\"email\":\"x@example.com\"}", "[1,2]", "{not json", "\"just a string\"", "",
            "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}", "null"};

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    @Test
    @OffContractAnswers("the stand-in answers {} to every operation; the requests are judged below")
    void hostileRequestsGetNoServerErrorAndIntercomSeesOnlyItsOperations() throws Exception {
        intercom.stubFor(any(anyUrl()).willReturn(okJson("{}")));
        List<IntercomOperation> operations = IntercomOperations.described().all();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();

        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (int i = 0; i < REQUESTS; i++) {
                String method = random.nextInt(4) == 0 ? METHODS[random.nextInt(METHODS.length)]
                        : operations.get(random.nextInt(operations.size())).method().name();
                String path = random.nextInt(6) == 0 ? "/" + hostile(random) : hostilePath(operations.get(random.nextInt(operations.size())), random);
                String body = random.nextInt(3) == 0 ? null : BODIES[random.nextInt(BODIES.length)];
                HttpRequest request;
                try {
                    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/intercom" + path))
                            .timeout(Duration.ofSeconds(20))
                            .header("Authorization", "Bearer " + TestCallers.SDK_ALL_KEY)
                            .header("X-Forwarded-For", "10.9.8.7")
                            .header("Cookie", "session=fuzz");
                    if (random.nextBoolean()) {
                        builder.header("Content-Type", random.nextInt(4) == 0 ? "text/plain" : "application/json");
                    }
                    if (random.nextInt(4) == 0) {
                        builder.header("Intercom-Version", random.nextBoolean() ? "1.0" : hostile(random).replaceAll("[^\\x21-\\x7E]", "v"));
                    }
                    request = builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                            .build();
                } catch (IllegalArgumentException refusedByTheClient) {
                    continue;
                }
                HttpResponse<String> response;
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException dropped) {
                    try (HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                        response = fresh.send(request, HttpResponse.BodyHandlers.ofString());
                    }
                }
                String text = response.body();
                if (response.statusCode() >= 500 || text.contains("Exception") || text.contains("\tat ") || text.contains(TOKEN)) {
                    failures.add(method + " " + path + " -> " + response.statusCode() + " " + text.substring(0, Math.min(200, text.length())));
                }
            }
        }

        assertThat(failures).as("answers with a 5xx, a stack trace or the token").isEmpty();
        List<String> outside = new ArrayList<>();
        for (LoggedRequest received : intercom.getAllServeEvents().stream().map(event -> event.getRequest()).toList()) {
            var match = IntercomOperations.described().match(HttpMethod.valueOf(received.getMethod().getName()), received.getUrl().split("\\?")[0]);
            String receivedPath = received.getUrl().split("\\?")[0];
            boolean forwardableIds = match.isPresent() && match.get().variables().values().stream().allMatch(IntercomPassthroughFuzzTest::forwardable)
                    && receivedPath.equals(encodedOnce(match.get()));
            boolean headersClean = received.getHeader("Authorization").equals("Bearer " + TOKEN) && !received.containsHeader("Cookie")
                    && !received.containsHeader("X-Forwarded-For") && received.getHeader("Intercom-Version").equals("2.16");
            if (!forwardableIds || !headersClean) {
                outside.add(received.getMethod() + " " + received.getUrl() + " " + received.getHeaders());
            }
        }
        assertThat(outside).as("requests Intercom received that are not its operations, or carry the caller's headers").isEmpty();
        assertThat(intercom.getAllServeEvents()).as("the fuzz reached Intercom at all").hasSizeGreaterThan(100);
        // Bodies are the caller's own (the surface forwards them as sent); paths, parameters and headers must be Intercom's.
        assertThat(ContractViolations.drain()).filteredOn(violation -> violation.side() == ContractViolations.Side.REQUEST)
                .filteredOn(violation -> !violation.text().contains("[validation.request.body"))
                .as("requests whose path or headers break Intercom's description").isEmpty();
    }

    /**
     * A path parameter the gateway may forward: any characters Intercom's description allows (it sets
     * no pattern), but never what could change the path: empty or blank, a dot segment, a slash, a backslash,
     * a control character, or over 255 characters.
     */
    static boolean forwardable(String id) {
        return !id.isBlank() && !id.equals("..") && !id.equals(".") && id.codePointCount(0, id.length()) <= 255
                && id.chars().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c));
    }

    /** The operation's path with each parameter encoded exactly once as one segment, by an encoder other than the gateway's. */
    static String encodedOnce(IntercomOperations.Match match) {
        String path = match.operation().pathTemplate();
        for (var variable : match.variables().entrySet()) {
            path = path.replace("{" + variable.getKey() + "}", URLEncoder.encode(variable.getValue(), StandardCharsets.UTF_8)
                    .replace("+", "%20").replace("*", "%2A").replace("%7E", "~"));
        }
        return path;
    }

    private static String hostile(Random random) {
        return HOSTILE[random.nextInt(HOSTILE.length)];
    }

    /** An operation's path with each variable replaced by a hostile value, encoded or not. */
    private static String hostilePath(IntercomOperation operation, Random random) {
        String path = operation.pathTemplate();
        while (path.contains("{")) {
            String value = random.nextInt(3) == 0 ? "6650a1b2c3d4e5f600000001" : hostile(random) + (random.nextBoolean() ? hostile(random) : "");
            String encoded = random.nextBoolean() ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value;
            path = path.substring(0, path.indexOf('{')) + encoded + path.substring(path.indexOf('}') + 1);
        }
        return path;
    }
}
