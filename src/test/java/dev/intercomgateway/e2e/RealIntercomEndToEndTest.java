package dev.intercomgateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole service configured with a token, against a WireMock standing in for api.intercom.io. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RealIntercomEndToEndTest {

    static final String TOKEN = "dG9rLWUyZS0xMjM0NTY3ODkw";

    @RegisterExtension
    static WireMockExtension intercom = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @DynamicPropertySource
    static void intercomProperties(DynamicPropertyRegistry registry) {
        registry.add("intercom.base-url", intercom::baseUrl);
        registry.add("intercom.access-token", () -> TOKEN);
        registry.add("intercom.health.cache-ttl", () -> "0s");
        registry.add("management.server.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @BeforeEach
    void resetStubs() {
        intercom.resetAll();
    }

    @Test
    void callerCredentialsAndHeadersAreNeverForwarded() throws Exception {
        intercom.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson(
                "{\"type\":\"contact\",\"id\":\"6650a1\",\"role\":\"user\",\"email\":\"grace@example.com\",\"created_at\":1}")));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/users/6650a1"))
                .header("Authorization", "Bearer callers-own-key")
                .header("Cookie", "SESSION=callers-session")
                .header("X-Forwarded-For", "10.1.2.3")
                .header("Intercom-Version", "1.0")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        intercom.verify(getRequestedFor(urlEqualTo("/contacts/6650a1"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Intercom-Version", equalTo("2.16"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Cookie", absent())
                .withHeader("X-Forwarded-For", absent()));
    }

    @Test
    void rejectedTokenIs502ForCallersAndDownForOpsWithoutLeakingIt(CapturedOutput output) {
        intercom.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                "{\"type\":\"error.list\",\"request_id\":\"req-401\",\"errors\":[{\"code\":\"unauthorized\",\"message\":\"Access Token Invalid\"}]}")));

        var api = new HttpCaller("http://localhost:" + port).get("/api/v1/admins");
        var health = new HttpCaller("http://localhost:" + managementPort).get("/actuator/health");

        assertThat(api.status()).isEqualTo(502);
        assertThat(api.json().get("intercom_request_id").asString()).isEqualTo("req-401");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("components").get("intercom").get("status").asString()).isEqualTo("DOWN");
        assertThat(api.body() + health.body() + output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void traversalAttemptsNeverReachAnyOtherIntercomPath() {
        var api = new HttpCaller("http://localhost:" + port);
        for (String path : new String[] {"/api/v1/users/..%2Fadmins", "/api/v1/users/..%2F..%2Fme", "/api/v1/users/%2e%2e",
                "/api/v1/users/a%3Fb", "/api/v1/users/a%23b", "/api/v1/conversations/1%2Freply"}) {
            assertThat(api.get(path).status()).as(path).isBetween(400, 404);
        }
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }
}
