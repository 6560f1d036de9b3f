package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.RedisTestServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Keys in a real Redis: leases that free a dead replica's keys, renewal while a request runs, failing closed. */
class RedisIdempotencyStoreTest {

    static final Duration LEASE = Duration.ofMillis(600);

    private RedisTestServer redis;
    private LettuceConnectionFactory connections;
    private StringRedisTemplate template;

    @BeforeEach
    void setUp() {
        redis = RedisTestServer.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
        connections.afterPropertiesSet();
        connections.start();
        template = new StringRedisTemplate(connections);
    }

    @AfterEach
    void tearDown() throws Exception {
        connections.destroy();
        redis.close();
    }

    private RedisIdempotencyStore replica() {
        return new RedisIdempotencyStore(template, Duration.ofHours(24), LEASE, Duration.ofSeconds(5));
    }

    @Test
    void aReplicaThatDiesMidRequestFreesItsKeyWithinALease() throws Exception {
        RedisIdempotencyStore dying = replica();
        RedisIdempotencyStore other = replica();
        assertThat(dying.claim("k1", "fp")).isNull();
        dying.close();                                                     // stops renewing, as a dead pod would

        assertThat(other.claim("k1", "fp")).as("still claimed within the lease").isNotNull();
        Thread.sleep(LEASE.plusMillis(300).toMillis());
        assertThat(other.claim("k1", "fp")).as("free after the lease").isNull();
        other.close();
    }

    @Test
    void aLongRequestKeepsItsClaimBeyondTheLease() throws Exception {
        RedisIdempotencyStore running = replica();
        RedisIdempotencyStore other = replica();
        assertThat(running.claim("k2", "fp")).isNull();

        Thread.sleep(LEASE.multipliedBy(3).toMillis());
        assertThat(other.claim("k2", "fp")).as("renewed while the request runs").isNotNull();

        running.complete("k2", new StoredResponse(201, Map.of(), "{}".getBytes()));
        assertThat(template.getExpire("intercom-gateway:idempotency:k2")).as("the outcome is kept for the ttl").isGreaterThan(3600);
        assertThat(other.claim("k2", "fp").outcome().get().status()).isEqualTo(201);
        running.close();
        other.close();
    }

    @Test
    void withRedisDownAKeyedWriteIsRefusedNotRememberedInOneReplica() throws Exception {
        RedisIdempotencyStore store = replica();
        redis.kill();

        assertThatThrownBy(() -> store.claim("k3", "fp")).isInstanceOf(IdempotencyStoreUnavailableException.class);
        store.close();
    }
}
