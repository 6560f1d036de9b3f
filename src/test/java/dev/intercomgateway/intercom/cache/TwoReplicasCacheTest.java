package dev.intercomgateway.intercom.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.IntercomGatewayApplication;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.TestCallers;
import dev.intercomgateway.testsupport.Webhooks;
import dev.intercomgateway.intercom.RedisTestServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Two gateways sharing one Redis: one cache, so a read on one is a hit on the other, and a write or a webhook on one invalidates for both. */
class TwoReplicasCacheTest {

    static final String SECRET = "two-replicas-cache-secret";
    static final String ID = "6650dd0000000000000000aa";
    static RedisTestServer redis;
    static WireMockServer intercom;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        redis = RedisTestServer.start();
        intercom = new WireMockServer(wireMockConfig().dynamicPort());
        intercom.start();
        first = replica();
        second = replica();
    }

    @AfterAll
    static void stop() throws Exception {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        intercom.stop();
        redis.close();
    }

    static ConfigurableApplicationContext replica() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("intercom.base-url", intercom.baseUrl());
        properties.put("intercom.access-token", "unused-token");
        properties.put("intercom.client-secret", SECRET);
        properties.put("intercom.rate-limit.store", "redis");
        properties.put("intercom.rate-limit.replicas", "2");
        properties.put("intercom.cache.enabled", "true");
        properties.put("spring.data.redis.host", redis.host());
        properties.put("spring.data.redis.port", String.valueOf(redis.port()));
        DynamicPropertyRegistry registry = (name, value) -> properties.put(name, value.get());
        TestCallers.register(registry);
        return new SpringApplicationBuilder(IntercomGatewayApplication.class)
                .run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new));
    }

    static HttpCaller api(ConfigurableApplicationContext replica) {
        return new HttpCaller("http://localhost:" + ((WebServerApplicationContext) replica).getWebServer().getPort() + "/api/v1",
                TestCallers.FULL_KEY);
    }

    static String base(ConfigurableApplicationContext replica) {
        return "http://localhost:" + ((WebServerApplicationContext) replica).getWebServer().getPort();
    }

    static String contact(String name, long updatedAt) {
        return "{\"type\":\"contact\",\"id\":\"" + ID + "\",\"role\":\"user\",\"email\":\"a@example.com\",\"name\":\"" + name
                + "\",\"created_at\":1,\"updated_at\":" + updatedAt + "}";
    }

    static int reads() {
        return intercom.findAll(getRequestedFor(urlPathEqualTo("/contacts/" + ID))).size();
    }

    @Test
    void oneCacheForBothReplicasInvalidatedByAWriteOrAWebhookOnEither() {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + ID)).willReturn(okJson(contact("Ada", 100))));

        assertThat(api(first).get("/users/" + ID).header("Cache-Status")).isEqualTo("intercom-gateway; fwd=miss");
        assertThat(api(second).get("/users/" + ID).header("Cache-Status")).isEqualTo("intercom-gateway; hit");
        assertThat(reads()).isEqualTo(1);

        intercom.stubFor(put(urlPathEqualTo("/contacts/" + ID)).willReturn(okJson(contact("Ada L", 101))));
        assertThat(api(second).patch("/users/" + ID, "{\"name\":\"Ada L\"}").status()).isEqualTo(200);
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + ID)).willReturn(okJson(contact("Ada L", 101))));
        HttpCaller.Answer afterWrite = api(first).get("/users/" + ID);
        assertThat(afterWrite.json().get("name").asString()).isEqualTo("Ada L");
        assertThat(afterWrite.header("Cache-Status")).isEqualTo("intercom-gateway; fwd=miss");
        assertThat(api(second).get("/users/" + ID).header("Cache-Status")).isEqualTo("intercom-gateway; hit");

        intercom.stubFor(get(urlPathEqualTo("/contacts/" + ID)).willReturn(okJson(contact("Ada K", 300))));
        String changed = Webhooks.notification("notif_two_cache", "contact.user.updated",
                "{\"type\":\"contact\",\"id\":\"" + ID + "\",\"role\":\"user\",\"updated_at\":300}");
        assertThat(Webhooks.postSigned(base(first), changed, SECRET).statusCode()).isEqualTo(200);
        HttpCaller.Answer afterWebhook = api(second).get("/users/" + ID);
        assertThat(afterWebhook.json().get("name").asString()).isEqualTo("Ada K");
        assertThat(afterWebhook.header("Cache-Status")).isEqualTo("intercom-gateway; fwd=miss");
        assertThat(api(first).get("/users/" + ID).header("Cache-Status")).isEqualTo("intercom-gateway; hit");
    }
}
