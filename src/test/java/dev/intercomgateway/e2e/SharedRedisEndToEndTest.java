package dev.intercomgateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.intercom.RedisTestServer;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service with intercom.rate-limit.store=redis against a real redis-server. */
@GatewayTest(properties = "intercom.rate-limit.store=redis")
class SharedRedisEndToEndTest {

    static final RedisTestServer REDIS = RedisTestServer.start();

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", REDIS::host);
        registry.add("spring.data.redis.port", REDIS::port);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        REDIS.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void idempotencyKeysAndBudgetLiveInRedis() throws Exception {
        intercom.stubFor(get("/me").willReturn(okJson("{\"type\":\"admin\",\"id\":\"1\"}")));
        intercom.stubFor(post("/contacts").willReturn(okJson("{\"type\":\"contact\",\"id\":\"6650a1\",\"role\":\"user\",\"created_at\":1}")));
        HttpRequest create = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/users"))
                .header("Authorization", "Bearer " + TestCallers.FULL_KEY)
                .header("Content-Type", "application/json").header("Idempotency-Key", "redis-key-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"grace@example.com\"}")).build();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> first = http.send(create, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(create, HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));
        assertThat(redis.hasKey("intercom-gateway:idempotency:full-app:redis-key-1")).isTrue();
        assertThat(redis.keys("intercom-gateway:budget:*")).isNotEmpty();

        var ops = new HttpCaller("http://localhost:" + managementPort, TestCallers.OPS_KEY);
        assertThat(ops.get("/actuator/health").json().get("components").get("intercomBudget").get("details").get("store").asString())
                .isEqualTo("redis");

        REDIS.kill();

        long started = System.nanoTime();
        HttpResponse<String> keyedAfterRedisDied = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/users"))
                .header("Authorization", "Bearer " + TestCallers.FULL_KEY)
                .header("Content-Type", "application/json").header("Idempotency-Key", "redis-key-2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"grace@example.com\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keyedAfterRedisDied.statusCode()).as("keyed writes fail closed without the shared store").isEqualTo(503);
        assertThat(keyedAfterRedisDied.headers().firstValue("Retry-After")).isPresent();
        assertThat(keyedAfterRedisDied.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        intercom.verify(1, postRequestedFor(urlEqualTo("/contacts")));

        HttpResponse<String> unkeyedAfterRedisDied = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/users"))
                .header("Authorization", "Bearer " + TestCallers.FULL_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"grace@example.com\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unkeyedAfterRedisDied.statusCode()).as("the budget falls back to the local share").isEqualTo(201);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
        var health = ops.get("/actuator/health");
        assertThat(health.status()).as("a degraded budget store does not take the service down: " + health.body()).isEqualTo(200);
        var budget = health.json().get("components").get("intercomBudget");
        assertThat(budget.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(budget.get("details").get("store").asString()).isEqualTo("local-fallback");
    }
}
