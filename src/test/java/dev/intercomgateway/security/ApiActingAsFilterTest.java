package dev.intercomgateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code admin-ids} on {@code /api/v1} hold where a handler acts as an admin ({@link ActsAsAdmin}),
 * read where its annotation reads it: an {@code admin_id} anywhere else in a body (a user's custom
 * attribute) names no admin.
 */
@GatewayTest(testCallers = false)
class ApiActingAsFilterTest {

    static final String KEY = "acting-as-crm-key-24680135";
    static final String USER = "6650a1b2c3d4e5f600000001";
    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"" + USER + "\",\"role\":\"user\",\"created_at\":1,\"updated_at\":1}";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gateway.clients[0].name", () -> "crm");
        registry.add("gateway.clients[0].key-sha256", () -> TestCallers.sha256(KEY));
        registry.add("gateway.clients[0].scopes", () -> "users:read,users:write,conversations:read,conversations:write,conversations:manage,tags:write");
        registry.add("gateway.clients[0].admin-ids", () -> "990001");
    }

    @LocalServerPort
    int port;

    private HttpCaller crm() {
        return new HttpCaller("http://localhost:" + port, KEY);
    }

    @Test
    void anAdminIdThatNamesNoActingAdminIsData() {
        intercom.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson(CONTACT)));
        intercom.stubFor(put(urlPathMatching("/contacts/.*")).willReturn(okJson(CONTACT)));

        var updated = crm().patch("/api/v1/users/" + USER, "{\"custom_attributes\":{\"admin_id\":\"crm-7\"}}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        intercom.verify(1, putRequestedFor(urlPathMatching("/contacts/" + USER)));
    }

    @Test
    void theAdminTheAnnotationNamesIsStillHeldBeforeAnythingIsSent() {
        intercom.stubFor(post(urlPathMatching("/conversations/.*")).willReturn(okJson(
                "{\"type\":\"conversation\",\"id\":\"42\",\"created_at\":1,\"updated_at\":1,\"admin_assignee_id\":0}")));

        var closing = crm().post("/api/v1/conversations/42/close", "{\"admin_id\":\"990002\"}");
        assertThat(closing.status()).isEqualTo(403);
        assertThat(closing.json().get("detail").asString()).isEqualTo("This caller may not act as admin 990002");
        var replying = crm().post("/api/v1/conversations/42/replies", "{\"from\":{\"type\":\"admin\",\"id\":\"990002\"},\"body\":\"Hi\"}");
        assertThat(replying.status()).isEqualTo(403);
        var untagging = crm().delete("/api/v1/conversations/42/tags/7?admin_id=990002");
        assertThat(untagging.status()).isEqualTo(403);
        assertThat(untagging.json().get("detail").asString()).isEqualTo("This caller may not act as admin 990002");
        intercom.verify(0, anyRequestedFor(anyUrl()));

        var replyingAsAUser = crm().post("/api/v1/conversations/42/replies",
                "{\"from\":{\"type\":\"user\",\"id\":\"" + USER + "\"},\"body\":\"Hi\",\"note\":{\"admin_id\":\"990002\"}}");
        assertThat(replyingAsAUser.status()).as("a reply as the user acts as no admin").isNotEqualTo(403);
    }
}
