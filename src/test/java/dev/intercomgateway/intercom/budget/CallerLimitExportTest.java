package dev.intercomgateway.intercom.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An export whose caller runs out of its own limit part way: each page is an Intercom call of the
 * caller's limit (3 a window here), the next page waits for the limit at most max-wait, and past it
 * the export stops. It is never answered as complete: while its lines are still in the response
 * buffer the answer is the caller's 429 (with Retry-After) and nothing of the export, once committed
 * the stream is cut without its end; the last checkpoint line received says where to resume.
 */
@GatewayTest(properties = {
        "intercom.rate-limit.max-wait=200ms",
        "intercom.rate-limit.window=60s"}, testCallers = false)
@ExtendWith(OutputCaptureExtension.class)
class CallerLimitExportTest {

    /** A second exporting caller with the same limit of 3, so that each test starts with a full share. */
    static final String EXACT_KEY = "test-key-export-exactly-its-share-31";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestCallers.register(registry);
        registry.add("gateway.clients[9].name", () -> "export-exact");
        registry.add("gateway.clients[9].key-sha256", () -> TestCallers.sha256(EXACT_KEY));
        registry.add("gateway.clients[9].scopes", () -> "users:read");
        registry.add("gateway.clients[9].rate-limit", () -> "3");
    }

    /**
     * An export of exactly as many pages as its caller's share: complete, so its last line is the
     * end line, nothing after it (the end of a streamed answer is dispatched again through the
     * caller's limit, which must not refuse it then), and its audit line carries its request id.
     */
    @Test
    void anExportThatUsesUpItsCallersShareEndsOnItsEndLine(CapturedOutput output) throws Exception {
        String page = """
                {"type":"list","data":[{"type":"contact","id":"u%d","role":"user"}],"total_count":3,
                 "pages":{"type":"pages","page":%d,"per_page":1,"total_pages":3%s}}""";
        String next = ",\"next\":{\"page\":%d,\"starting_after\":\"p%d\"}";
        intercom.stubFor(post("/contacts/search").withRequestBody(notContaining("starting_after"))
                .willReturn(okJson(page.formatted(1, 1, next.formatted(2, 2)))));
        intercom.stubFor(post("/contacts/search").withRequestBody(containing("\"p2\"")).willReturn(okJson(page.formatted(2, 2, next.formatted(3, 3)))));
        intercom.stubFor(post("/contacts/search").withRequestBody(containing("\"p3\"")).willReturn(okJson(page.formatted(3, 3, ""))));

        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/users/export?page_size=1"))
                .header("Authorization", "Bearer " + EXACT_KEY).header("X-Request-Id", "export-exactly-its-share").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(intercom.getAllServeEvents()).as("pages, each a call of the caller's share of 3").hasSize(3);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body().lines().toList()).as("the end line is the last line").last()
                .isEqualTo("{\"next_cursor\":null,\"complete\":true,\"count\":3}");
        assertThat(export.body()).doesNotContain("\"status\"");
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!output.getOut().contains("\"operation\":\"GET /api/v1/users/export\"") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("\"operation\":\"GET /api/v1/users/export\"")))
                .as("the export's audit line").singleElement().asString()
                .contains("\"caller\":\"export-exact\"", "\"outcome\":200", "\"request_id\":\"export-exactly-its-share\"");
    }

    @LocalServerPort
    int port;

    @Test
    void anExportThatOutrunsItsCallersLimitIsCutAfterItsLastCheckpoint() throws Exception {
        String page = """
                {"type":"list","data":[{"type":"contact","id":"u%d","role":"user"}],"total_count":5,
                 "pages":{"type":"pages","page":%d,"per_page":1,"total_pages":5,"next":{"page":%d,"starting_after":"p%d"}}}""";
        intercom.stubFor(post("/contacts/search").withRequestBody(notContaining("starting_after")).willReturn(okJson(page.formatted(1, 1, 2, 2))));
        for (int i = 2; i <= 5; i++) {
            intercom.stubFor(post("/contacts/search").withRequestBody(containing("\"p" + i + "\""))
                    .willReturn(okJson(page.formatted(i, i, i + 1, i + 1))));
        }

        HttpResponse<InputStream> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/users/export?page_size=1"))
                .header("Authorization", "Bearer " + TestCallers.EXPORT_KEY).build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        IOException cut = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(export.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            cut = e;
        }

        int pagesServed = intercom.getAllServeEvents().size();
        assertThat(pagesServed).as("pages the caller's limit allowed").isEqualTo(3);
        assertThat(lines).as("never answered as complete").noneMatch(line -> line.contains("\"complete\""));
        assertThat(export.statusCode() == 200 && cut == null).as("never answered as a complete export").isFalse();
        if (export.statusCode() == 200) {
            List<String> pages = lines.stream().filter(line -> line.startsWith("{\"id\"") || line.startsWith("{\"next_cursor\"")).toList();
            assertThat(pages).as("committed: each page sent on with its checkpoint, then cut").hasSize(2 * pagesServed)
                    .last().isEqualTo("{\"next_cursor\":\"p" + (pagesServed + 1) + "\"}");
            assertThat(lines).as("nothing after the last checkpoint").hasSameSizeAs(pages);
        } else {
            assertThat(export.statusCode()).as("still in the response buffer: the caller's own 429").isEqualTo(429);
            assertThat(export.headers().firstValue("Retry-After")).isPresent();
            assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(String.join("\n", lines)).as("the problem alone, no line of the export").contains("\"status\":429")
                    .doesNotContain("\"next_cursor\"", "\"id\":\"u");
        }
    }
}
