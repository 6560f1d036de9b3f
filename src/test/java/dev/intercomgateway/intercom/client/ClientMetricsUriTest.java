package dev.intercomgateway.intercom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.testsupport.GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The {@code uri} tag of {@code http.client.requests} is Intercom's path template, without the query the HTTP interface
 * adds to it: operations with query parameters ({@code GET /conversations?per_page=&starting_after=}, and
 * {@code GET /conversations/{conversation_id}?display_as=plaintext}) are tagged with their path alone.
 */
@GatewayTest(testCallers = false)
class ClientMetricsUriTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void operationsWithQueryParametersAreTaggedWithTheirPathTemplate() throws Exception {
        assertThat(get("/api/v1/conversations?limit=2")).isEqualTo(200);
        assertThat(get("/api/v1/conversations/100000008")).isEqualTo(200);

        assertThat(meters.find("http.client.requests").tag("method", "GET").tag("uri", "/conversations").timer())
                .as("GET /conversations?per_page=...").isNotNull();
        assertThat(meters.find("http.client.requests").tag("method", "GET").tag("uri", "/conversations/{conversation_id}").timer())
                .as("GET /conversations/{conversation_id}?display_as=plaintext").isNotNull();
        assertThat(meters.find("http.client.requests").meters())
                .extracting(meter -> meter.getId().getTag("uri"))
                .isNotEmpty()
                .allSatisfy(uri -> assertThat(uri).doesNotContain("?").doesNotContain("queryParam").startsWith("/"));
    }
}
