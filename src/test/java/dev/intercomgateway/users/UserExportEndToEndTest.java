package dev.intercomgateway.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.sandbox.SandboxUsers;
import dev.intercomgateway.testsupport.GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The NDJSON export over 10,000 users of the sandbox: every user once, resumable, flat memory, and a client that leaves stops it. */
@GatewayTest(properties = "sandbox.rate-limit=100000", testCallers = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserExportEndToEndTest {

    static final int USERS = 10_000;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext gateway;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void tenThousandUsers() {
        for (int i = 0; i < USERS; i++) {
            SandboxUsers.create(gateway, "export-" + i, "export-" + i + "@example.com", "Exported " + i);
        }
    }

    private InputStream export(String cursor) throws Exception {
        String query = cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/users/export" + query))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
        return response.body();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void everyUserOnceInConstantMemoryAndResumableFromAnyCheckpoint() throws Exception {
        long baseline = heapAfterGc();
        long highest = baseline;
        Set<String> ids = new HashSet<>();
        String resumeFrom = null;
        int usersBeforeResume = 0;
        int lines = 0;
        JsonNode last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(export(null), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode node = JSON.readTree(line);
                last = node;
                if (node.has("complete")) {
                    continue;
                }
                if (node.has("next_cursor")) {
                    if (resumeFrom == null && ids.size() >= 3_000) {
                        resumeFrom = node.get("next_cursor").asString();
                        usersBeforeResume = ids.size();
                    }
                } else {
                    assertThat(ids.add(node.get("id").asString())).as("each user once").isTrue();
                }
                if (++lines % 2_000 == 0) {
                    highest = Math.max(highest, heapAfterGc());
                }
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(USERS);
        assertThat(last.get("complete").asBoolean()).as("the export's end line").isTrue();
        assertThat(last.get("count").asInt()).isEqualTo(ids.size());
        long growthMb = (highest - baseline) / (1024 * 1024);
        System.out.printf("user export: %d users in %d lines; heap after GC at most %d MB above the baseline%n", ids.size(), lines, growthMb);
        assertThat(growthMb).as("heap growth while streaming %d users", ids.size()).isLessThan(64);

        Set<String> resumed = new HashSet<>();
        JsonNode resumedEnd = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(export(resumeFrom), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode node = JSON.readTree(line);
                if (node.has("complete")) {
                    resumedEnd = node;
                } else if (!node.has("next_cursor")) {
                    resumed.add(node.get("id").asString());
                }
            }
        }
        assertThat(resumed).hasSize(ids.size() - usersBeforeResume);
        assertThat(resumedEnd).as("the resumed export's end line").isNotNull();
        assertThat(resumedEnd.get("count").asInt()).isEqualTo(resumed.size());
        assertThat(ids).containsAll(resumed);
    }

    /**
     * A client that reads one user and leaves (a reset, as when it is killed) ends the walk at the server's next
     * write. Read over a raw socket with a small receive buffer: an HTTP client library may keep reading into its
     * own buffers, and loopback buffers left to grow could take the whole 2 MB export before the client left.
     */
    @Test
    void aClientThatLeavesStopsTheWalk() throws Exception {
        double before = searches();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /api/v1/users/export HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = reader.readLine();
            assertThat(line).startsWith("HTTP/1.1 200");
            while (line != null && !line.contains("\"id\":")) {
                line = reader.readLine();
            }
            assertThat(line).as("a user line").isNotNull();
            socket.setSoLinger(true, 0);
        }
        Thread.sleep(1_500);
        double during = searches() - before;
        Thread.sleep(1_500);
        double after = searches() - before;
        assertThat(after).as("Intercom pages read after the client left").isEqualTo(during);
        assertThat(during).as("pages read in all, of the export's %d", USERS / 150 + 1).isLessThan(20);
    }

    private double searches() {
        var timer = meters.find("http.client.requests").tag("uri", "/contacts/search").timer();
        return timer == null ? 0 : timer.count();
    }
}
