package dev.intercomgateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A stored outcome is replayed only to a caller allowed to make the call now, on both surfaces: a
 * caller whose scopes or admin-ids were reduced (configuration re-read at runtime) repeating an
 * {@code Idempotency-Key} gets 403, not the stored answer, while a repeat it is still allowed is
 * replayed as before.
 */
@GatewayTest(properties = "gateway.clients-refresh-interval=0s", testCallers = false)
class AuthorizationBeforeReplayTest {

    static final String KEY = "replay-desk-key-123456789";
    static final String CONVERSATION = "{\"type\":\"conversation\",\"id\":\"123\",\"created_at\":1,\"updated_at\":1,\"admin_assignee_id\":0}";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gateway.clients[0].name", () -> "desk");
        registry.add("gateway.clients[0].key-sha256", () -> TestCallers.sha256(KEY));
        registry.add("gateway.clients[0].scopes", () -> "conversations:read,conversations:write,intercom:conversations:write");
        registry.add("gateway.clients[0].admin-ids", () -> "990001,990002");
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void aReducedCallerIsRefusedBeforeAnyReplayOnBothSurfaces() {
        intercom.stubFor(post(urlPathMatching("/conversations/123/reply")).willReturn(okJson(CONVERSATION)));
        HttpCaller api = new HttpCaller("http://localhost:" + port, KEY);
        String asOther = "{\"message_type\":\"comment\",\"type\":\"admin\",\"admin_id\":\"990002\",\"body\":\"Hi\"}";
        String asOwn = "{\"message_type\":\"comment\",\"type\":\"admin\",\"admin_id\":\"990001\",\"body\":\"Hi\"}";
        String apiAsOther = "{\"from\":{\"type\":\"admin\",\"id\":\"990002\"},\"body\":\"Hi\"}";
        String apiAsOwn = "{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"body\":\"Hi\"}";

        assertThat(api.with("Idempotency-Key", "k1").post("/intercom/conversations/123/reply", asOther).status()).isEqualTo(200);
        assertThat(api.with("Idempotency-Key", "k2").post("/intercom/conversations/123/reply", asOwn).status()).isEqualTo(200);
        assertThat(api.with("Idempotency-Key", "k3").post("/api/v1/conversations/123/replies", apiAsOther).status()).isEqualTo(200);
        assertThat(api.with("Idempotency-Key", "k4").post("/api/v1/conversations/123/replies", apiAsOwn).status()).isEqualTo(200);
        HttpCaller.Answer replayed = api.with("Idempotency-Key", "k1").post("/intercom/conversations/123/reply", asOther);
        assertThat(replayed.header("Idempotent-Replayed")).as("a repeat the caller may still make is replayed").isEqualTo("true");
        intercom.verify(4, postRequestedFor(urlPathMatching("/conversations/123/reply")));

        Map<String, Object> reduced = new HashMap<>();
        reduced.put("gateway.clients[0].name", "desk");
        reduced.put("gateway.clients[0].key-sha256", TestCallers.sha256(KEY));
        reduced.put("gateway.clients[0].scopes", "conversations:read,conversations:write,intercom:conversations:write");
        reduced.put("gateway.clients[0].admin-ids", "990001");
        environment.getPropertySources().addFirst(new MapPropertySource("reduced", reduced));

        HttpCaller.Answer passthroughAsOther = api.with("Idempotency-Key", "k1").post("/intercom/conversations/123/reply", asOther);
        assertThat(passthroughAsOther.status()).as("admin-ids before the replay on /intercom").isEqualTo(403);
        assertThat(passthroughAsOther.header("Idempotent-Replayed")).isNull();
        assertThat(passthroughAsOther.json().get("type").asString()).isEqualTo("error.list");
        HttpCaller.Answer apiReplayAsOther = api.with("Idempotency-Key", "k3").post("/api/v1/conversations/123/replies", apiAsOther);
        assertThat(apiReplayAsOther.status()).as("admin-ids before the replay on /api/v1").isEqualTo(403);
        assertThat(apiReplayAsOther.header("Idempotent-Replayed")).isNull();
        assertThat(apiReplayAsOther.json().get("detail").asString()).contains("990002");
        assertThat(api.with("Idempotency-Key", "k2").post("/intercom/conversations/123/reply", asOwn).header("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(api.with("Idempotency-Key", "k4").post("/api/v1/conversations/123/replies", apiAsOwn).header("Idempotent-Replayed"))
                .isEqualTo("true");

        reduced.put("gateway.clients[0].scopes", "conversations:read,intercom:conversations:read");
        HttpCaller.Answer passthroughWithoutScope = api.with("Idempotency-Key", "k2").post("/intercom/conversations/123/reply", asOwn);
        assertThat(passthroughWithoutScope.status()).as("the operation's scope before the replay on /intercom").isEqualTo(403);
        assertThat(passthroughWithoutScope.header("Idempotent-Replayed")).isNull();
        assertThat(passthroughWithoutScope.json().get("errors").get(0).get("message").asString()).contains("intercom:conversations:write");
        HttpCaller.Answer apiWithoutScope = api.with("Idempotency-Key", "k4").post("/api/v1/conversations/123/replies", apiAsOwn);
        assertThat(apiWithoutScope.status()).as("the scope before the replay on /api/v1").isEqualTo(403);
        assertThat(apiWithoutScope.header("Idempotent-Replayed")).isNull();
        intercom.verify(4, postRequestedFor(urlPathMatching("/conversations/123/reply")));
    }
}
