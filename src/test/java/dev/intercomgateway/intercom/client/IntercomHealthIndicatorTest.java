package dev.intercomgateway.intercom.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.intercom.MutableClock;
import dev.intercomgateway.testsupport.IntercomStandIn;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class IntercomHealthIndicatorTest {

    static final String TOKEN = "dG9rZW4tZm9yLWhlYWx0aC10ZXN0cw==";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TestGateway gateway;
    private IntercomHealthIndicator health;

    @BeforeEach
    void setUp() {
        gateway = TestGateway.create(URI.create(intercom.baseUrl()), TOKEN, Duration.ofSeconds(1));
        health = new IntercomHealthIndicator(gateway.client(), gateway.endpoint(), Duration.ofSeconds(30), clock);
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void upWithWorkspaceDetails() {
        intercom.stubFor(get("/me").willReturn(okJson("""
                {"type":"admin","id":"1","name":"Ops","app":{"type":"app","id_code":"abc123","name":"Acme","region":"US"}}""")));

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(Status.UP);
        assertThat(result.getDetails()).containsEntry("workspace", "Acme").containsEntry("workspace_id", "abc123")
                .containsEntry("mode", "intercom");
    }

    @Test
    void rejectedTokenIsDownWithAReasonThatNamesNoSecret() {
        intercom.stubFor(get("/me").willReturn(aResponse().withStatus(401).withBody(
                "{\"type\":\"error.list\",\"request_id\":\"r1\",\"errors\":[{\"code\":\"unauthorized\",\"message\":\"Access Token Invalid\"}]}")));

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        assertThat(String.valueOf(result.getDetails().get("reason"))).contains("rejected the configured access token");
        assertThat(result.getDetails()).containsEntry("intercom_error_code", "unauthorized");
        assertThat(result.toString()).doesNotContain(TOKEN);
    }

    @Test
    void unreachableIntercomIsDown() {
        intercom.stubFor(get("/me").willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void answerIsCachedForTheTtlSoProbesDoNotSpendTheBudget() {
        intercom.stubFor(get("/me").willReturn(okJson("{\"type\":\"admin\",\"id\":\"1\"}")));

        for (int i = 0; i < 20; i++) {
            health.health();
        }
        clock.advance(Duration.ofSeconds(29));
        health.health();
        intercom.verify(1, getRequestedFor(urlEqualTo("/me")));

        clock.advance(Duration.ofSeconds(2));
        health.health();
        intercom.verify(2, getRequestedFor(urlEqualTo("/me")));
    }
}
