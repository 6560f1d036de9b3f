package dev.intercomgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests the servlet container refuses before Spring sees them (sent as raw bytes, as no HTTP
 * client would send them) are answered in the surface's JSON: Intercom's {@code error.list} on
 * {@code /intercom/**}, RFC 9457 problems elsewhere; never an HTML page, never the server's name,
 * and nothing reaches Intercom.
 */
@GatewayTest(properties = "intercom.client-secret=server-refusals-test-secret-0123456789")
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class ServerRefusalsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    record Raw(int status, String head, String body) {
        String contentType() {
            return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("");
        }
    }

    /** Targets the container refuses on the Intercom-compatible surface. */
    @ParameterizedTest
    @ValueSource(strings = {"/intercom/contacts/a%5Cb", "/intercom/contacts/a\\b", "/intercom/contacts/a%00b", "/intercom/contacts/a%ZZ",
            "/intercom/contacts/a%", "/intercom/contacts/a%C3", "/intercom/contacts/a%FF", "/intercom/contacts/a\"b", "/intercom/contacts/a<b",
            "/intercom/contacts/a^b", "/intercom/contacts/a`b", "/intercom/contacts/a{b", "/intercom/contacts/a|b",
            "/intercom/contacts?per_page[]=2", "/intercom/contacts/LONG", "/intercom;x/me", "/intercom;x/contacts/a"})
    void onTheSurfaceARefusalIsAnErrorList(String target) throws IOException {
        Raw answer = send(target, TestCallers.SDK_ALL_KEY);

        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("type").asString()).isEqualTo("error.list");
        assertThat(body.get("errors").get(0).get("code").asString()).isNotBlank();
        assertThat(body.get("errors").get(0).get("message").asString()).isNotBlank();
        assertNoServerName(answer);
        assertThat(intercom.getAllServeEvents()).isEmpty();
    }

    /** The same targets, and the API's own query parameters, elsewhere. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/users/a%5Cb", "/api/v1/users/a\\b", "/api/v1/users/a%00b", "/api/v1/users/a%ZZ", "/api/v1/users/a%",
            "/api/v1/users/a%C3", "/api/v1/users/a%FF", "/api/v1/users/a\"b", "/api/v1/users/a<b", "/api/v1/users/a^b", "/api/v1/users/a`b",
            "/api/v1/users/a{b", "/api/v1/users/a|b", "/api/v1/conversations?created_after[]=2024-01-01T00:00:00Z", "/api/v1/users/LONG",
            "/nowhere/a%5Cb"})
    void elsewhereARefusalIsAProblem(String target) throws IOException {
        Raw answer = send(target, TestCallers.FULL_KEY);

        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asInt()).isEqualTo(answer.status());
        assertThat(body.get("detail").asString()).isNotBlank();
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo("request");
        assertThat(body.get("errors").get(0).get("message").asString()).isNotBlank();
        assertNoServerName(answer);
        assertThat(intercom.getAllServeEvents()).isEmpty();
    }

    /** The firewall's refusals of a path name the path in errors[]. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/users/a%25b", "/api/v1/users/a;b", "/api/v1/users/..%2Fadmins", "/api/v1/users/%2e%2e", "/api/v1;x/users"})
    void theFirewallsRefusalNamesThePath(String target) throws IOException {
        Raw answer = send(target, TestCallers.FULL_KEY);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo("path");
        assertThat(body.get("errors").get(0).get("message").asString()).isNotBlank();
        assertThat(intercom.getAllServeEvents()).isEmpty();
    }

    /** TRACE, which the container refuses for every path and caller (405), in the surface's format: not Spring Boot's error JSON. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/admins", "/api/v1/users/c1", "/nowhere", "/intercom/admins"})
    void traceIsRefusedInTheSurfacesFormat(String target) throws IOException {
        Raw answer = send("TRACE", target, TestCallers.READER_KEY, "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n"
                + "X-Request-Id: trace-me-1\r\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
        assertThat(answer.head()).as("the headers every answer has").containsIgnoringCase("X-Request-Id: trace-me-1")
                .containsIgnoringCase("Cache-Control: no-store").containsIgnoringCase("X-Content-Type-Options: nosniff");
        assertThat(answer.body()).as("never an echo of the request (cross-site tracing)").doesNotContain(TestCallers.READER_KEY);
        JsonNode body = JSON.readTree(answer.body());
        if (target.startsWith("/intercom")) {
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(body.get("type").asString()).isEqualTo("error.list");
        } else {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(body.get("status").asInt()).isEqualTo(405);
            assertThat(body.get("instance").asString()).isEqualTo(target);
            assertThat(body.get("request_id").asString()).isEqualTo("trace-me-1");
            assertThat(body.get("trace_id").asString()).as("the caller's trace").isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
        assertThat(body.has("timestamp")).as("not Spring Boot's error body").isFalse();
        assertNoServerName(answer);
        assertThat(intercom.getAllServeEvents()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theErrorPageAskedForDirectlyIsNotAnEndpoint() throws IOException {
        Raw answer = send("GET", "/error", TestCallers.FULL_KEY);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertNoServerName(answer);
    }

    /** A malformed chunked body, on every surface and with no credentials at the intake: a 400, and no error logged. */
    @ParameterizedTest
    @ValueSource(strings = {"/webhooks/intercom", "/intercom/contacts", "/api/v1/users"})
    void aMalformedChunkIsTheClientsFaultNotAnError(String target, org.springframework.boot.test.system.CapturedOutput output) throws IOException {
        Raw answer = send("POST", target, target.startsWith("/intercom") ? TestCallers.SDK_ALL_KEY : TestCallers.FULL_KEY,
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "X-Hub-Signature: sha1=0000000000000000000000000000000000000000\r\nX-Request-Id: bad-chunk-1\r\n", "zz\r\nabc\r\n0\r\n\r\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(output.getAll().lines().filter(line -> line.contains("bad-chunk-1") || line.contains("Invalid chunk header")))
                .noneMatch(line -> line.contains(" ERROR "));
        assertThat(output.getAll()).doesNotContain("org.apache.coyote.BadRequestException: Invalid chunk header\n\tat");
        assertThat(intercom.getAllServeEvents()).isEmpty();
    }

    private static void assertNoServerName(Raw answer) {
        String all = (answer.head() + answer.body()).toLowerCase(Locale.ROOT);
        assertThat(all).doesNotContain("tomcat").doesNotContain("<html").doesNotContain("server:");
    }

    private Raw send(String target, String key) throws IOException {
        return send("GET", target, key);
    }

    private Raw send(String method, String target, String key) throws IOException {
        return send(method, target, key, "");
    }

    private Raw send(String method, String target, String key, String moreHeaders) throws IOException {
        return send(method, target, key, moreHeaders, "");
    }

    private Raw send(String method, String target, String key, String moreHeaders, String requestBody) throws IOException {
        String path = target.replace("LONG", "a".repeat(9_000));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key + "\r\nAccept: application/json\r\n"
                    + moreHeaders + "Connection: close\r\n\r\n" + requestBody).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Raw(Integer.parseInt(head.split(" ")[1]), head, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int end = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, end).strip(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, end + 2, end + 2 + size);
            at = end + 2 + size + 2;
        }
        return body.toString();
    }
}
