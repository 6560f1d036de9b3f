package dev.intercomgateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.Webhooks;

import org.springframework.boot.test.web.server.LocalServerPort;

/** The README's loop with no Intercom account: subscribe, change things through either surface, see Intercom's notifications. */
@GatewayTest(testCallers = false)
class SandboxWebhooksEndToEndTest {

    @LocalServerPort
    int port;

    @Test
    void theSandboxSignsAndPostsANotificationForEachChange() throws Exception {
        String base = "http://localhost:" + port;
        var api = new HttpCaller(base);
        try (var subscriber = new Webhooks.Subscriber(base, null, null, null)) {
            var created = api.post("/api/v1/users", "{\"email\":\"ada@example.com\",\"name\":\"Ada\"}");
            assertThat(created.status()).isEqualTo(201);
            String userId = created.json().get("id").asString();
            assertThat(api.patch("/api/v1/users/" + userId, "{\"name\":\"Ada Lovelace\"}").status()).isEqualTo(200);
            assertThat(api.post("/api/v1/conversations", "{\"from\":{\"type\":\"user\",\"id\":\"" + userId + "\"},\"body\":\"Hello\"}").status())
                    .isEqualTo(201);
            assertThat(api.post("/intercom/contacts", "{\"role\":\"lead\",\"name\":\"Through the SDK surface\"}").status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/users/" + userId).status()).isIn(200, 204);

            var events = subscriber.take(5);
            assertThat(events).extracting(Webhooks.Received::type).containsExactly("com.intercom.contact.user.created",
                    "com.intercom.contact.user.updated", "com.intercom.conversation.user.created", "com.intercom.contact.lead.created",
                    "com.intercom.contact.deleted");
            assertThat(events.getFirst().event().get("data").get("email").asString()).isEqualTo("ada@example.com");
            assertThat(events.getFirst().event().get("source").asString()).isEqualTo("urn:intercom:app:sandbox");
            assertThat(events.get(1).event().get("subject").asString()).isEqualTo(userId);
            assertThat(subscriber.rest(Duration.ofMillis(300))).isEmpty();
        }
    }
}
