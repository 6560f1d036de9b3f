package dev.intercomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.testsupport.GatewayTest;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every metric the Grafana dashboard queries is one the running service really exports. */
@GatewayTest(testCallers = false)
class DashboardMetricsTest {

    static final Path DASHBOARD = Path.of("deploy", "grafana", "dashboards", "intercom-gateway.json");
    /** Metric selectors in the dashboard are always written name{labels}. */
    static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void dashboardQueriesOnlyExportedMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/api/v1/users", "/api/v1/users/665000000000000000000003", "/api/v1/users/none", "/api/v1/admins", "/intercom/me"}) {
            http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.discarding());
        }
        System.gc();
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher selector = SELECTOR.matcher(target.get("expr").asString());
                while (selector.find()) {
                    used.add(selector.group(1));
                }
            }
        }

        assertThat(used).hasSizeGreaterThan(10);
        for (String metric : used) {
            assertThat(scrape).as("metric %s used by the dashboard is exported", metric)
                    .containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]");
        }
    }
}
