package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.RedisTestServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class RedisEventLogTest {

    static final RedisTestServer REDIS = RedisTestServer.start();
    static final LettuceConnectionFactory CONNECTIONS = connections();
    static final StringRedisTemplate TEMPLATE = new StringRedisTemplate(CONNECTIONS);

    static LettuceConnectionFactory connections() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(REDIS.host(), REDIS.port()));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @AfterAll
    static void stop() throws Exception {
        CONNECTIONS.destroy();
        REDIS.close();
    }

    @BeforeEach
    void empty() {
        TEMPLATE.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            connection.serverCommands().flushAll();
            return null;
        });
    }

    static NewEvent event(String id) {
        return new NewEvent(id, "contact.user.created", Set.of("users:read"), "{\"id\":\"" + id + "\"}");
    }

    @Test
    void appendsEachNotificationOnceAndReadsInOrderAfterAnId() {
        RedisEventLog log = new RedisEventLog(TEMPLATE, Duration.ofHours(1), 100);
        String first = log.append(event("notif_a"));
        assertThat(log.append(event("notif_a"))).as("a retry").isNull();
        String second = log.append(event("notif_b"));
        String third = log.append(event("notif_c"));

        assertThat(log.after(null, 10)).extracting(LoggedEvent::id).containsExactly(first, second, third);
        assertThat(log.after(LogId.parse(first), 10)).extracting(LoggedEvent::id).containsExactly(second, third);
        assertThat(log.after(LogId.parse(first), 1)).extracting(LoggedEvent::id).containsExactly(second);
        LoggedEvent read = log.after(LogId.parse(second), 1).getFirst();
        assertThat(read.topic()).isEqualTo("contact.user.created");
        assertThat(read.scopes()).containsExactly("users:read");
        assertThat(read.cloudEvent()).isEqualTo("{\"id\":\"notif_c\"}");
        assertThat(TEMPLATE.getExpire(RedisEventLog.SEEN_PREFIX + "notif_a")).as("ids remembered for the retention").isBetween(3500L, 3600L);
    }

    @Test
    void theSameNotificationOnManyReplicasAtOnceIsAppendedOnce() throws Exception {
        RedisEventLog log = new RedisEventLog(TEMPLATE, Duration.ofHours(1), 100);
        try (var replicas = Executors.newFixedThreadPool(8)) {
            List<Callable<String>> attempts = java.util.stream.IntStream.range(0, 8).mapToObj(i -> (Callable<String>) () -> log.append(event("notif_race"))).toList();
            List<String> ids = replicas.invokeAll(attempts).stream().map(RedisEventLogTest::get).filter(java.util.Objects::nonNull).toList();
            assertThat(ids).hasSize(1);
        }
        assertThat(log.window().length()).isEqualTo(1);
    }

    @Test
    void keepsAtMostMaxLengthAndKnowsWhatIsNoLongerResumable() {
        RedisEventLog log = new RedisEventLog(TEMPLATE, Duration.ofHours(1), 3);
        List<String> ids = java.util.stream.IntStream.range(0, 5).mapToObj(i -> log.append(event("notif_" + i))).toList();

        EventLog.Window window = log.window();
        assertThat(window.length()).isEqualTo(3);
        assertThat(window.oldest()).hasToString(ids.get(2));
        assertThat(window.last()).hasToString(ids.get(4));
        assertThat(log.resumableAfter(LogId.parse(ids.get(0)))).as("its successor was dropped").isFalse();
        boolean knowsTrimmed = window.trimmed() != null; // XINFO's max-deleted-entry-id: Redis 7.0+
        // Before Redis 7 only adjacency tells: when ids 1 and 2 share a millisecond, id 1 is the one just before the oldest
        boolean adjacent = LogId.parse(ids.get(1)).equals(window.resumeAfter());
        assertThat(log.resumableAfter(LogId.parse(ids.get(1)))).as("dropped itself, nothing after it: resumable where Redis tells")
                .isEqualTo(knowsTrimmed || adjacent);
        if (knowsTrimmed) {
            assertThat(window.trimmed()).hasToString(ids.get(1));
        }
        assertThat(log.after(window.resumeAfter(), 10)).as("resuming after resume_after delivers the oldest retained")
                .extracting(LoggedEvent::id).containsExactly(ids.get(2), ids.get(3), ids.get(4));
        assertThat(log.resumableAfter(window.resumeAfter())).isTrue();
        assertThat(log.resumableAfter(LogId.parse(ids.get(2)))).isTrue();
        assertThat(log.resumableAfter(LogId.parse(ids.get(4)))).isTrue();
        assertThat(log.resumableAfter(new LogId(LogId.parse(ids.get(4)).millis() + 60_000, 0))).as("newer than the log: it was reset").isFalse();
    }

    @Test
    void aLoweredMaxLengthTrimsAtOnceAndStillKnowsWhatIsResumable() {
        RedisEventLog before = new RedisEventLog(TEMPLATE, Duration.ofHours(1), 100);
        List<String> ids = java.util.stream.IntStream.range(0, 40).mapToObj(i -> before.append(event("notif_" + i))).toList();
        RedisEventLog lowered = new RedisEventLog(TEMPLATE, Duration.ofHours(1), 5);
        String newest = lowered.append(event("notif_newest"));
        assertThat(lowered.window().length()).isEqualTo(5);
        assertThat(lowered.window().oldest()).hasToString(ids.get(36));
        assertThat(lowered.resumableAfter(LogId.parse(ids.get(34)))).isFalse();
        assertThat(lowered.resumableAfter(lowered.window().resumeAfter())).isTrue();
        assertThat(lowered.after(lowered.window().resumeAfter(), 10)).extracting(LoggedEvent::id)
                .containsExactly(ids.get(36), ids.get(37), ids.get(38), ids.get(39), newest);
    }

    @Test
    void dropsEventsOlderThanTheRetention() throws Exception {
        RedisEventLog log = new RedisEventLog(TEMPLATE, Duration.ofMillis(300), 100);
        String old = log.append(event("notif_old"));
        Thread.sleep(400);
        String fresh = log.append(event("notif_new"));
        assertThat(log.after(null, 10)).extracting(LoggedEvent::id).containsExactly(fresh);
        assertThat(log.resumableAfter(LogId.parse(old))).as("a caught-up subscriber after a quiet spell longer than the retention")
                .isEqualTo(log.window().trimmed() != null);
        String again = log.append(event("notif_old"));
        assertThat(again).as("its id is forgotten with it").isNotNull();
        Thread.sleep(400);
        log.append(event("notif_newest"));
        assertThat(log.resumableAfter(LogId.parse(old))).as("notif_new, after it, was dropped since").isFalse();
        assertThat(log.resumableAfter(LogId.parse(again))).as("dropped itself, nothing after it").isEqualTo(log.window().trimmed() != null);
    }

    @Test
    void anUnreachableRedisIsReportedAsUnavailable() {
        LettuceConnectionFactory nowhere = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        nowhere.afterPropertiesSet();
        nowhere.start();
        try {
            RedisEventLog log = new RedisEventLog(new StringRedisTemplate(nowhere), Duration.ofHours(1), 100);
            assertThatThrownBy(() -> log.append(event("notif_x"))).isInstanceOf(EventLogUnavailableException.class);
            assertThatThrownBy(log::window).isInstanceOf(EventLogUnavailableException.class);
        } finally {
            nowhere.destroy();
        }
    }

    private static String get(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
