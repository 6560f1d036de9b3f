package dev.intercomgateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An answer of 10,000 contacts (about 20 MB, five times the limit for answers the gateway reads
 * itself) passes through the Intercom-compatible surface as a stream: the heap holds a few buffers
 * of it at a time, never the whole answer.
 */
// Timeouts well above the defaults: this test measures memory, and the full GCs it forces while it
// reads (with Intercom's stand-in in the same JVM) must not trip the stall or read timeouts on a busy machine.
@GatewayTest(properties = { "intercom.access-token=dG9rLXN0cmVhbWluZy0xMjM0NQ", "intercom.response-timeout=60s",
        "gateway.passthrough.stall-timeout=60s" })
class IntercomPassthroughStreamingTest {

    static final int CONTACTS = 10_000;
    static final byte[] PADDING = "x".repeat(1_900).getBytes(StandardCharsets.US_ASCII);

    /** A stand-in that writes its answer as it goes, contact by contact, never holding it whole either. */
    static final DisposableServer INTERCOM = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    // an answer cut off half-way: 200 and the first contacts, then the connection drops
                    .get("/conversations", (request, response) -> response
                            .header("Content-Type", "application/json")
                            .sendByteArray(Flux.concat(Flux.just("{\"type\":\"conversation.list\",\"conversations\":[".getBytes(StandardCharsets.US_ASCII)),
                                    Flux.range(0, 2_000).map(IntercomPassthroughStreamingTest::contact),
                                    Flux.error(new java.io.IOException("connection lost")))))
                    .get("/contacts", (request, response) -> response
                    .header("Content-Type", "application/json")
                    .header("X-RateLimit-Limit", "1666").header("X-RateLimit-Remaining", "1665")
                    .sendByteArray(Flux.concat(
                            Flux.just("{\"type\":\"list\",\"data\":[".getBytes(StandardCharsets.US_ASCII)),
                            Flux.range(0, CONTACTS).map(IntercomPassthroughStreamingTest::contact),
                            Flux.just(("],\"total_count\":" + CONTACTS + ",\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":" + CONTACTS
                                    + ",\"total_pages\":1}}").getBytes(StandardCharsets.US_ASCII))))))
            .bindNow();

    static byte[] contact(int i) {
        String head = (i == 0 ? "" : ",") + "{\"type\":\"contact\",\"id\":\"" + "%024x".formatted(i) + "\",\"role\":\"user\",\"created_at\":1,"
                + "\"custom_attributes\":{\"notes\":\"";
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\"}}".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[start.length + PADDING.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(PADDING, 0, all, start.length, PADDING.length);
        System.arraycopy(end, 0, all, start.length + PADDING.length, end.length);
        return all;
    }

    @DynamicPropertySource
    static void intercomProperties(DynamicPropertyRegistry registry) {
        registry.add("intercom.base-url", () -> "http://127.0.0.1:" + INTERCOM.port());
    }

    @AfterAll
    static void stopIntercom() {
        INTERCOM.disposeNow();
    }

    @LocalServerPort
    int port;

    @Test
    void tenThousandContactsStreamThroughWithFlatMemory() throws Exception {
        long before = heapAfterGc();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/intercom/contacts?per_page=150"))
                .header("Authorization", "Bearer " + TestCallers.SDK_KEY).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);

        byte[] marker = "\"type\":\"contact\"".getBytes(StandardCharsets.US_ASCII);
        long bytes = 0;
        int contacts = 0;
        int matched = 0;
        long duringMax = 0;
        try (InputStream body = response.body()) {
            byte[] chunk = new byte[8192];
            for (int read = body.read(chunk); read >= 0; read = body.read(chunk)) {
                for (int i = 0; i < read; i++) {
                    matched = chunk[i] == marker[matched] ? matched + 1 : (chunk[i] == marker[0] ? 1 : 0);
                    if (matched == marker.length) {
                        contacts++;
                        matched = 0;
                    }
                }
                long previous = bytes;
                bytes += read;
                if (previous / 5_000_000 != bytes / 5_000_000) {
                    // every 5 MB: what the heap holds while the answer is in flight
                    duringMax = Math.max(duringMax, heapAfterGc() - before);
                }
            }
        }

        assertThat(contacts).isEqualTo(CONTACTS);
        assertThat(bytes).isGreaterThan(19_000_000);
        System.out.printf("passthrough streaming: %d contacts, %.1f MB, heap at most %.1f MB above its start while streaming%n",
                contacts, bytes / 1e6, duringMax / 1e6);
        assertThat(duringMax).as("heap growth while 10,000 contacts stream through").isLessThan(8_000_000);
    }

    @Test
    void anAnswerCutOffUpstreamIsCutOffForTheCallerNotCompleted() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/intercom/conversations"))
                .header("Authorization", "Bearer " + TestCallers.SDK_KEY).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> {
            try (InputStream body = response.body()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }).as("a truncated answer must not look complete").isInstanceOf(java.io.IOException.class);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
