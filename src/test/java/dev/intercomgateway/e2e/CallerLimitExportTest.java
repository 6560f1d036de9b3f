package dev.intercomgateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
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

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An export whose caller runs out of its own limit part way: each page is an Intercom call of the
 * caller's limit (3 a window here), the next page waits for the limit at most max-wait, and past it
 * the export stops. It is never answered as complete: while its lines are still in the response
 * buffer the answer is the caller's 429 (with Retry-After), once committed the stream is cut
 * without its end; the last checkpoint line received says where to resume.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallerLimitExportTest {

    @RegisterExtension
    static WireMockExtension intercom = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("intercom.base-url", intercom::baseUrl);
        registry.add("intercom.access-token", () -> "caller-limit-test-intercom-token");
        registry.add("intercom.rate-limit.max-wait", () -> "200ms");
        registry.add("intercom.rate-limit.window", () -> "60s");        // the caller's 3 calls refill one per 20 s
        registry.add("management.server.port", () -> "0");
        TestCallers.register(registry);
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
        List<String> pages = lines.stream().filter(line -> line.startsWith("{\"id\"") || line.startsWith("{\"next_cursor\"")).toList();
        assertThat(pages).as("each page sent on with its checkpoint").hasSize(2 * pagesServed)
                .last().isEqualTo("{\"next_cursor\":\"p" + (pagesServed + 1) + "\"}");
        assertThat(export.statusCode() == 200 && cut == null).as("never answered as a complete export").isFalse();
        if (export.statusCode() != 200) {
            assertThat(export.statusCode()).as("still in the response buffer: the caller's own 429").isEqualTo(429);
            assertThat(export.headers().firstValue("Retry-After")).isPresent();
            assertThat(lines).as("the problem follows the last checkpoint").hasSize(pages.size() + 1).last().asString()
                    .contains("\"status\":429");
        }
    }
}
