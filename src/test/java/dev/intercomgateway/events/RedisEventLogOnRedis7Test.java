package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

import dev.intercomgateway.DockerEngine;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The 410 rule that needs Redis 7 (XINFO STREAM's max-deleted-entry-id: every event after it is
 * retained, so an id that was itself trimmed, with nothing after it trimmed, is resumable). Runs on
 * a Redis 7 container where a Docker engine runs; skipped elsewhere (the embedded server is 6.2,
 * whose rule RedisEventLogTest covers).
 */
class RedisEventLogOnRedis7Test {

    static GenericContainer<?> redis;
    static LettuceConnectionFactory connections;
    static StringRedisTemplate template;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(DockerEngine.available(), "no Docker engine: Redis 7 cannot be started here");
        redis = new GenericContainer<>("redis:7.4-alpine").withExposedPorts(6379);
        redis.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.getHost(), redis.getMappedPort(6379)));
        connections.afterPropertiesSet();
        connections.start();
        template = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void stop() {
        if (connections != null) {
            connections.destroy();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @BeforeEach
    void empty() {
        template.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            connection.serverCommands().flushAll();
            return null;
        });
    }

    static NewEvent event(String id) {
        return new NewEvent(id, "contact.user.created", Set.of("users:read"), "{\"id\":\"" + id + "\"}");
    }

    @Test
    void itRunsOnRedis7() {
        assertThat(RedisEventLogTest.majorVersion(template)).isGreaterThanOrEqualTo(7);
    }

    @Test
    void theNewestTrimmedIdTellsExactlyWhatIsResumable() throws Exception {
        RedisEventLog log = new RedisEventLog(template, Duration.ofHours(1), 2);
        assertThat(log.window().trimmed()).as("nothing trimmed yet").isNull();
        String first = log.append(event("notif_first"));
        assertThat(log.window().trimmed()).as("0-0 once the stream exists and nothing was trimmed").isEqualTo(EventLog.BEFORE_ANY);
        Thread.sleep(2);
        String dropped = log.append(event("notif_dropped"));
        Thread.sleep(2);
        String oldest = log.append(event("notif_a"));
        log.append(event("notif_b"));
        EventLog.Window window = log.window();
        assertThat(window.trimmed()).hasToString(dropped);
        assertThat(window.oldest()).hasToString(oldest);
        assertThat(log.resumableAfter(LogId.parse(dropped))).as("dropped itself, nothing after it: resumable though not adjacent").isTrue();
        assertThat(log.resumableAfter(LogId.parse(first))).as("notif_dropped, after it, was trimmed").isFalse();
        assertThat(log.resumableAfter(LogId.parse(first), new EventFilter(null, List.of("admin.")))).as("none of its kinds").isTrue();
    }

    @Test
    void aCaughtUpSubscriberResumesAfterAQuietSpellLongerThanTheRetention() throws Exception {
        RedisEventLog log = new RedisEventLog(template, Duration.ofMillis(300), 100);
        String old = log.append(event("notif_old"));
        Thread.sleep(400);
        String fresh = log.append(event("notif_new"));
        assertThat(log.after(null, 10)).extracting(LoggedEvent::id).containsExactly(fresh);
        assertThat(log.resumableAfter(LogId.parse(old))).isTrue();
        Thread.sleep(400);
        log.append(event("notif_newest"));
        assertThat(log.resumableAfter(LogId.parse(old))).as("notif_new, after it, was dropped since").isFalse();
    }
}
