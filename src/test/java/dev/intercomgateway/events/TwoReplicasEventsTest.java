package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.IntercomGatewayApplication;
import dev.intercomgateway.intercom.RedisTestServer;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.TestCallers;
import dev.intercomgateway.testsupport.Webhooks;
import dev.intercomgateway.webhooks.Signature;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Two gateways sharing one Redis, as two replicas behind one Service: one log, each notification once, on both. */
class TwoReplicasEventsTest {

    static final String SECRET = "two-replicas-secret";
    static RedisTestServer redis;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        redis = RedisTestServer.start();
        first = replica();
        second = replica();
    }

    @AfterAll
    static void stop() throws Exception {
        first.close();
        second.close();
        redis.close();
    }

    static ConfigurableApplicationContext replica() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("intercom.base-url", "http://127.0.0.1:9");
        properties.put("intercom.access-token", "unused-token");
        properties.put("intercom.client-secret", SECRET);
        properties.put("intercom.rate-limit.store", "redis");
        properties.put("intercom.rate-limit.replicas", "2");
        properties.put("spring.data.redis.host", redis.host());
        properties.put("spring.data.redis.port", String.valueOf(redis.port()));
        properties.put("gateway.events.heartbeat", "200ms");
        DynamicPropertyRegistry registry = (name, value) -> properties.put(name, value.get());
        TestCallers.register(registry);
        // as command-line arguments: they win over application.yml, as an operator's environment does
        return new SpringApplicationBuilder(IntercomGatewayApplication.class)
                .run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new));
    }

    static String base(ConfigurableApplicationContext replica) {
        return "http://localhost:" + ((WebServerApplicationContext) replica).getWebServer().getPort();
    }

    static String notification(int n) {
        return Webhooks.notification("notif_r" + n, "contact.user.updated", Webhooks.contact("6650dd" + n, "user"));
    }

    @Test
    void eachNotificationOnceOnSubscribersOfBothReplicasInOrderAndResumable() throws Exception {
        List<String> expected = List.of("notif_r1", "notif_r2", "notif_r3", "notif_r4");
        String resumeFrom;
        try (var onFirst = new Webhooks.Subscriber(base(first), TestCallers.EVENTS_ALL_KEY, null, null)) {
            try (var onSecond = new Webhooks.Subscriber(base(second), TestCallers.EVENTS_ALL_KEY, null, null)) {
                for (int n = 1; n <= 4; n++) {
                    String body = notification(n);
                    // Intercom's retry reaching the other replica, and the first delivery repeated
                    assertThat(Webhooks.postSigned(base(first), body, SECRET).statusCode()).isEqualTo(200);
                    assertThat(Webhooks.postSigned(base(second), body, SECRET).statusCode()).isEqualTo(200);
                    assertThat(Webhooks.postSigned(base(first), body, SECRET).statusCode()).isEqualTo(200);
                }
                byte[] tampered = notification(5).replace("6650dd5@", "6650dd6@").getBytes(StandardCharsets.UTF_8);
                assertThat(Webhooks.post(base(second), tampered, Signature.sign(notification(5).getBytes(StandardCharsets.UTF_8), SECRET))
                        .statusCode()).isEqualTo(401);

                List<Webhooks.Received> seenOnFirst = onFirst.take(4);
                List<Webhooks.Received> seenOnSecond = onSecond.take(4);
                assertThat(seenOnFirst).extracting(received -> received.event().get("id").asString()).containsExactlyElementsOf(expected);
                assertThat(seenOnSecond).extracting(Webhooks.Received::id).containsExactlyElementsOf(seenOnFirst.stream().map(Webhooks.Received::id).toList());
                assertThat(onFirst.rest(Duration.ofMillis(500))).isEmpty();
                assertThat(onSecond.rest(Duration.ofMillis(100))).isEmpty();
                resumeFrom = seenOnFirst.get(1).id();
            }
        }
        // the first subscriber went away after the second event; two more arrive meanwhile
        for (int n = 7; n <= 8; n++) {
            Webhooks.postSigned(base(n % 2 == 0 ? first : second), notification(n), SECRET);
        }
        try (var resumed = new Webhooks.Subscriber(base(second), TestCallers.EVENTS_ALL_KEY, null, resumeFrom)) {
            assertThat(resumed.take(4)).extracting(received -> received.event().get("id").asString())
                    .containsExactly("notif_r3", "notif_r4", "notif_r7", "notif_r8");
            assertThat(resumed.rest(Duration.ofMillis(300))).isEmpty();
        }
        var page = new HttpCaller(base(first), TestCallers.EVENTS_ALL_KEY).with("Accept", "application/json").get("/api/v1/events?limit=50");
        assertThat(page.json().get("data").valueStream().map(item -> item.get("event").get("id").asString()).toList())
                .containsExactly("notif_r1", "notif_r2", "notif_r3", "notif_r4", "notif_r7", "notif_r8");
    }
}
