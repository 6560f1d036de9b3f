package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.RedisTestServer;
import dev.intercomgateway.intercom.SentToIntercom;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A keyed write through the filter while a real Redis (noeviction) fills up: the claim goes in, the
 * call is made, then Redis refuses its outcome (OOM). However often it is repeated, and however long
 * after the lease, it is performed once; the repeats get 409 saying so, and a new keyed write is
 * refused (503 with Retry-After) before anything is sent.
 */
class IdempotencyFilterRedisOutOfMemoryTest {

    static final Duration LEASE = Duration.ofMillis(600);
    static final IdempotencyProperties PROPERTIES = new IdempotencyProperties(Duration.ofHours(24), DataSize.ofKilobytes(64),
            DataSize.ofMegabytes(1), DataSize.ofMegabytes(16), Duration.ofSeconds(3), LEASE);

    private RedisTestServer redis;
    private LettuceConnectionFactory connections;
    private StringRedisTemplate template;
    private RedisIdempotencyStore store;
    private IdempotencyFilter filter;
    private final AtomicInteger executions = new AtomicInteger();

    @BeforeEach
    void setUp() {
        redis = RedisTestServer.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
        connections.afterPropertiesSet();
        connections.start();
        template = new StringRedisTemplate(connections);
        store = new RedisIdempotencyStore(template, PROPERTIES.ttl(), LEASE, PROPERTIES.concurrentWait(), PROPERTIES.callerQuota().toBytes());
        filter = new IdempotencyFilter(store, PROPERTIES, new SimpleMeterRegistry());
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("app-a", null, "ROLE_CALLER"));
    }

    @AfterEach
    void tearDown() throws Exception {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
        store.close();
        connections.destroy();
        redis.close();
    }

    /** Redis fills up while the call is under way: from then on it answers OOM to any write that needs memory. */
    private void fillRedis() {
        template.execute((RedisCallback<Object>) connection -> {
            connection.serverCommands().setConfig("maxmemory-policy", "noeviction");
            connection.serverCommands().setConfig("maxmemory", "1");
            return null;
        });
    }

    /** Intercom posts the reply (counted), while Redis fills up. */
    private final FilterChain replying = (request, response) -> {
        executions.incrementAndGet();
        SentToIntercom.record(HttpMethod.POST);
        fillRedis();
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(200);
        http.setContentType("application/json");
        http.getOutputStream().write("{\"type\":\"conversation\",\"id\":\"1\"}".getBytes());
    };

    private MockHttpServletResponse send(String key) throws Exception {
        return send("/intercom/conversations/1/reply", key);
    }

    private MockHttpServletResponse send(String path, String key) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.addHeader(IdempotencyFilter.HEADER, key);
        request.setContentType("application/json");
        request.setContent("{\"message_type\":\"comment\",\"type\":\"admin\",\"admin_id\":\"1\",\"body\":\"hi\"}".getBytes());
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, replying);
        return response;
    }

    @Test
    void aWriteWhoseOutcomeRedisRefusesIsPerformedOnceHoweverOftenItIsRepeated() throws Exception {
        assertThat(send("k").getStatus()).isEqualTo(200);

        MockHttpServletResponse soon = send("k");
        Thread.sleep(LEASE.multipliedBy(3).toMillis());                   // well past the lease the claim was taken with
        MockHttpServletResponse late = send("k");

        assertThat(executions).as("Intercom executed it once").hasValue(1);
        for (MockHttpServletResponse repeat : new MockHttpServletResponse[] {soon, late}) {
            assertThat(repeat.getStatus()).isEqualTo(409);
            JsonNode error = JsonMapper.builder().build().readTree(repeat.getContentAsString()).get("errors").get(0);
            assertThat(error.get("code").asString()).isEqualTo("idempotent_outcome_not_kept");
            assertThat(error.get("message").asString()).contains("was performed").contains("could not be kept")
                    .contains("not performed again");
        }
    }

    @Test
    void onTheApiTheRepeatGetsTheNotKeptProblem() throws Exception {
        assertThat(send("/api/v1/conversations/1/replies", "k").getStatus()).isEqualTo(200);
        Thread.sleep(LEASE.multipliedBy(2).toMillis());

        MockHttpServletResponse repeat = send("/api/v1/conversations/1/replies", "k");

        assertThat(executions).hasValue(1);
        assertThat(repeat.getStatus()).isEqualTo(409);
        JsonNode problem = JsonMapper.builder().build().readTree(repeat.getContentAsString());
        assertThat(problem.get("type").asString()).isEqualTo(IdempotencyFilter.NOT_KEPT_TYPE.toString());
        assertThat(problem.get("performed").asBoolean()).isTrue();
        assertThat(problem.get("reason").asString()).isEqualTo("store_refused");
    }

    @Test
    void whileRedisRefusesWritesANewKeyedWriteIsRefusedBeforeAnythingIsSent() throws Exception {
        send("k");

        MockHttpServletResponse fresh = send("another-key");

        assertThat(fresh.getStatus()).isEqualTo(503);
        assertThat(fresh.getHeader("Retry-After")).isNotBlank();
        assertThat(fresh.getContentAsString()).contains("not performed");
        assertThat(executions).hasValue(1);
    }
}
