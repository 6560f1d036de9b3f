package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.RedisTestServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Keys in a real Redis: leases that free a dead replica's keys, renewal while a request runs, claims
 * owned by their token, each caller's quota, a TTL on every key, and failing closed.
 */
class RedisIdempotencyStoreTest {

    static final Duration LEASE = Duration.ofMillis(600);
    static final long QUOTA = 500_000;

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
        return new RedisIdempotencyStore(template, Duration.ofHours(24), LEASE, Duration.ofSeconds(5), QUOTA);
    }

    private static StoredResponse answerOf(int bodyBytes) {
        return new StoredResponse(201, Map.of("Content-Type", "application/json"), new byte[bodyBytes]);
    }

    private static IdempotencyStore.Claim owned(IdempotencyStore store, String caller, String key) {
        IdempotencyStore.Claimed claimed = store.claim(caller, key, "fp");
        assertThat(claimed.owned()).as("%s owns %s", caller, key).isTrue();
        return claimed.claim();
    }

    private static StoredResponse outcome(IdempotencyStore store, String caller, String key) throws Exception {
        IdempotencyStore.Claimed claimed = store.claim(caller, key, "fp");
        assertThat(claimed.owned()).as("%s's %s is still known", caller, key).isFalse();
        return claimed.existing().outcome().get();
    }

    private JsonNode raw(String caller, String key) {
        String value = template.opsForValue().get(RedisIdempotencyStore.entryKey(caller, key));
        return value == null ? null : JsonMapper.builder().build().readTree(value);
    }

    @Test
    void aReplicaThatDiesMidRequestFreesItsKeyWithinALease() throws Exception {
        RedisIdempotencyStore dying = replica();
        RedisIdempotencyStore other = replica();
        owned(dying, "a", "k1");
        dying.close();                                                     // stops renewing, as a dead pod would

        assertThat(other.claim("a", "k1", "fp").owned()).as("still claimed within the lease").isFalse();
        Thread.sleep(LEASE.plusMillis(300).toMillis());
        assertThat(other.claim("a", "k1", "fp").owned()).as("free after the lease").isTrue();
        other.close();
    }

    @Test
    void aLongRequestKeepsItsClaimBeyondTheLease() throws Exception {
        RedisIdempotencyStore running = replica();
        RedisIdempotencyStore other = replica();
        var claim = owned(running, "a", "k2");

        Thread.sleep(LEASE.multipliedBy(3).toMillis());
        assertThat(other.claim("a", "k2", "fp").owned()).as("renewed while the request runs").isFalse();

        assertThat(running.complete(claim, new StoredResponse(201, Map.of(), "{}".getBytes()))).isTrue();
        assertThat(template.getExpire(RedisIdempotencyStore.entryKey("a", "k2"))).as("the outcome is kept for the ttl").isGreaterThan(3600);
        assertThat(outcome(other, "a", "k2").status()).isEqualTo(201);
        running.close();
        other.close();
    }

    @Test
    void afterALapsedLeaseTheStaleRequestNeitherOverwritesNorFreesTheClaimThatTookOver() throws Exception {
        RedisIdempotencyStore paused = replica();
        RedisIdempotencyStore other = replica();
        var stale = owned(paused, "a", "k");
        paused.close();                                                    // a long GC pause: no renewal, the lease lapses
        Thread.sleep(LEASE.plusMillis(300).toMillis());
        var current = owned(other, "a", "k");                            // the second execution

        assertThat(paused.release(stale)).isFalse();
        assertThat(raw("a", "k").get("owner").asString()).as("still the second request's claim").isEqualTo(current.token());
        assertThat(paused.complete(stale, answerOf(10))).isFalse();
        assertThat(raw("a", "k").get("owner").asString()).isEqualTo(current.token());
        assertThat(raw("a", "k").get("response").isNull()).isTrue();
        assertThat(other.claim("a", "k", "fp").owned()).as("a third request finds the key taken: no third execution").isFalse();

        assertThat(other.complete(current, answerOf(20))).isTrue();
        assertThat(outcome(other, "a", "k").body()).hasSize(20);
        assertThat(other.release(current)).as("a completed key is not freed by its claim either").isFalse();
        other.close();
    }

    @Test
    void aCompletionThatFindsNoClaimStoresNothingRatherThanANullFingerprint() throws Exception {
        RedisIdempotencyStore paused = replica();
        var stale = owned(paused, "a", "k");
        paused.close();
        Thread.sleep(LEASE.plusMillis(300).toMillis());

        assertThat(paused.complete(stale, answerOf(10))).isFalse();

        assertThat(raw("a", "k")).isNull();
        RedisIdempotencyStore other = replica();
        assertThat(other.claim("a", "k", "fp").owned()).isTrue();
        other.close();
    }

    @Test
    void aCallersOutcomeSurvivesAnotherCallersFloodAndEveryKeyHasATtl() throws Exception {
        RedisIdempotencyStore store = replica();
        store.complete(owned(store, "quiet", "reply-1"), answerOf(2_000));

        int flooded = 0;
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            try {
                store.complete(owned(store, "greedy", "search-" + i), answerOf(100_000));
                flooded++;
            } catch (IdempotencyQuotaExceededException full) {
                assertThat(full.retryAfter()).isGreaterThan(Duration.ofHours(23));
                refused++;
            }
        }

        assertThat(outcome(store, "quiet", "reply-1").body()).hasSize(2_000);
        assertThat(outcome(store, "greedy", "search-0").replayable()).isTrue();
        assertThat(outcome(store, "greedy", "search-" + (flooded - 1)).notKept()).isEqualTo(StoredResponse.NotKept.OVER_QUOTA);
        assertThat(refused).isPositive();
        assertThat(Long.parseLong(template.opsForValue().get(RedisIdempotencyStore.USAGE_PREFIX + "greedy:bytes"))).isLessThanOrEqualTo(QUOTA);
        assertThat(store.claim("quiet", "reply-2", "fp").owned()).isTrue();

        Set<String> keys = template.keys("intercom-gateway:*");
        assertThat(keys).hasSizeGreaterThan(6);
        assertThat(keys).allSatisfy(key -> assertThat(template.getExpire(key)).as(key).isPositive());
        store.close();
    }

    @Test
    void whenRedisRefusesWritesForWantOfMemoryAKeyedWriteIsRefused() throws Exception {
        RedisIdempotencyStore store = replica();
        template.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            connection.serverCommands().setConfig("maxmemory-policy", "noeviction");
            connection.serverCommands().setConfig("maxmemory", "1");
            return null;
        });

        assertThatThrownBy(() -> store.claim("a", "k", "fp")).isInstanceOf(IdempotencyStoreUnavailableException.class)
                .rootCause().hasMessageContaining("OOM command not allowed");
        store.close();
    }

    private void refuseWritesForWantOfMemory() {
        template.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            connection.serverCommands().setConfig("maxmemory-policy", "noeviction");
            connection.serverCommands().setConfig("maxmemory", "1");
            return null;
        });
    }

    @Test
    void anOutcomeRedisRefusesForWantOfMemoryKeepsTheClaimSoARepeatIsNeverPerformedAgain() throws Exception {
        RedisIdempotencyStore first = replica();
        RedisIdempotencyStore other = replica();
        var claim = owned(first, "a", "reply");
        refuseWritesForWantOfMemory();

        String claimed = template.opsForValue().get(RedisIdempotencyStore.entryKey("a", "reply"));
        assertThat(first.complete(claim, answerOf(100))).as("the outcome itself is refused").isFalse();
        assertThat(template.getExpire(RedisIdempotencyStore.entryKey("a", "reply"))).as("the claim is kept for the ttl, not the lease")
                .isGreaterThan(3600);
        assertThat(first.renew(RedisIdempotencyStore.entryKey("a", "reply"), claimed)).as("a late renewal does not shorten it").isFalse();
        assertThat(template.getExpire(RedisIdempotencyStore.entryKey("a", "reply"))).isGreaterThan(3600);
        Thread.sleep(LEASE.multipliedBy(2).toMillis());                  // long past the lease: a lapsed claim would be claimed anew

        for (RedisIdempotencyStore repeat : new RedisIdempotencyStore[] {first, other}) {
            IdempotencyStore.Claimed again = repeat.claim("a", "reply", "fp");
            assertThat(again.owned()).as("never performed a second time").isFalse();
            assertThat(again.existing().fingerprint()).isEqualTo("fp");
            assertThat(again.existing().outcome().get().notKept()).isEqualTo(StoredResponse.NotKept.STORE_REFUSED);
        }
        assertThatThrownBy(() -> other.claim("a", "new-key", "fp")).as("a new keyed write is refused before it runs")
                .isInstanceOf(IdempotencyStoreUnavailableException.class).rootCause().hasMessageContaining("OOM");
        first.close();
        other.close();
    }

    @Test
    void aRepeatWaitingForTheFirstIsToldWhenTheFirstsOutcomeIsRefused() throws Exception {
        RedisIdempotencyStore first = replica();
        RedisIdempotencyStore other = replica();
        var claim = owned(first, "a", "reply");
        IdempotencyStore.Claimed waiting = other.claim("a", "reply", "fp");
        assertThat(waiting.owned()).isFalse();
        refuseWritesForWantOfMemory();

        first.complete(claim, answerOf(100));

        assertThat(waiting.existing().outcome().get().notKept()).isEqualTo(StoredResponse.NotKept.STORE_REFUSED);
        first.close();
        other.close();
    }

    @Test
    void aClaimStillRunningIsNotMistakenForAPerformedOne() throws Exception {
        RedisIdempotencyStore first = replica();
        RedisIdempotencyStore other = replica();
        owned(first, "a", "long");
        refuseWritesForWantOfMemory();                                    // renewals (PEXPIRE) go on under OOM

        Thread.sleep(LEASE.multipliedBy(2).toMillis());
        IdempotencyStore.Claimed repeat = other.claim("a", "long", "fp");
        assertThat(repeat.owned()).isFalse();
        assertThat(repeat.existing().outcome()).as("still in flight: the repeat waits").isNotDone();
        first.close();
        other.close();
    }

    @Test
    void whenRedisIsGoneAsTheOutcomeIsWrittenThisReplicaStillNeverPerformsTheKeyAgain() throws Exception {
        RedisIdempotencyStore store = replica();
        var claim = owned(store, "a", "reply");
        redis.kill();

        assertThat(store.complete(claim, answerOf(10))).isFalse();

        IdempotencyStore.Claimed again = store.claim("a", "reply", "fp");
        assertThat(again.owned()).isFalse();
        assertThat(again.existing().outcome().get().notKept()).isEqualTo(StoredResponse.NotKept.STORE_REFUSED);
        store.close();
    }

    @Test
    void withRedisDownAKeyedWriteIsRefusedNotRememberedInOneReplica() throws Exception {
        RedisIdempotencyStore store = replica();
        redis.kill();

        assertThatThrownBy(() -> store.claim("a", "k3", "fp")).isInstanceOf(IdempotencyStoreUnavailableException.class);
        store.close();
    }
}
