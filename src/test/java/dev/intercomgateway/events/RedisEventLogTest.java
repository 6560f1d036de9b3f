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
        LogId ahead = new LogId(LogId.parse(ids.get(4)).millis() + 60_000, 0);
        assertThat(log.resumableAfter(ahead)).as("newer than the log, nothing after it dropped: resumes with the next event").isTrue();
        assertThat(EventLog.resumeFrom(ahead, log.last())).hasToString(ids.get(4));
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

    /** The server's major version (INFO server's redis_version). */
    static int majorVersion(StringRedisTemplate template) {
        java.util.Properties info = template.execute((org.springframework.data.redis.core.RedisCallback<java.util.Properties>) connection ->
                connection.serverCommands().info("server"));
        return Integer.parseInt(info.getProperty("redis_version").split("\\.")[0]);
    }

    /** A rare topic's subscriber is not told 410 because other topics' events were trimmed; any Redis version. */
    @Test
    void aFilteredCallerResumesUnlessAnEventOfItsKindsCameAfterItsId() {
        RedisEventLog log = new RedisEventLog(TEMPLATE, Duration.ofHours(1), 3);
        LogId admin = LogId.parse(log.append(new NewEvent("notif_admin", "admin.away_mode_updated", Set.of("admins:read"), "{}")));
        for (int i = 0; i < 6; i++) {
            log.append(event("notif_" + i));
        }
        EventFilter admins = new EventFilter(Set.of("admins:read", "users:read"), List.of("admin."));
        assertThat(log.resumableAfter(admin)).isFalse();
        assertThat(log.resumableAfter(admin, admins)).isTrue();
        assertThat(log.resumableAfter(admin, new EventFilter(Set.of("admins:read"), List.of()))).as("none it may read").isTrue();
        assertThat(log.resumableAfter(admin, new EventFilter(null, List.of()))).isFalse();
        assertThat(log.resumableAfter(admin, new EventFilter(Set.of("users:read"), List.of("contact.user.")))).isFalse();

        LogId second = LogId.parse(log.append(new NewEvent("notif_admin_2", "admin.away_mode_updated", Set.of("admins:read"), "{}")));
        assertThat(log.resumableAfter(admin, admins)).as("Redis cannot tell whether it was trimmed: an admin event came after the id")
                .isFalse();
        assertThat(log.resumableAfter(second, admins)).isTrue();
        assertThat(log.resumableAfter(new LogId(second.millis() + 60_000, 0), admins)).as("newer than the log: nothing after it dropped").isTrue();
    }

    /** Events appended before the kinds were noted (an upgrade) are of unknown kinds: no filter resumes before them. */
    @Test
    void eventsAppendedBeforeKindsWereNotedCountForEveryFilter() {
        RedisEventLog log = new RedisEventLog(TEMPLATE, Duration.ofHours(1), 3);
        LogId admin = LogId.parse(log.append(new NewEvent("notif_admin", "admin.away_mode_updated", Set.of("admins:read"), "{}")));
        String beforeUpgrade = log.append(event("notif_before"));
        TEMPLATE.delete(RedisEventLog.KINDS);
        for (int i = 0; i < 6; i++) {
            log.append(event("notif_" + i));
        }
        assertThat(TEMPLATE.opsForHash().get(RedisEventLog.KINDS, "*")).isEqualTo(beforeUpgrade);
        assertThat(log.resumableAfter(admin, new EventFilter(null, List.of("admin.")))).isFalse();
        assertThat(log.resumableAfter(LogId.parse(beforeUpgrade), new EventFilter(null, List.of("admin.")))).isTrue();
    }

    /** Before Redis 7 (the embedded server is 6.2) XINFO has no max-deleted-entry-id: only adjacency to the oldest tells. */
    @Test
    void beforeRedis7AnIdOlderThanTheOldestIsResumableOnlyJustBeforeIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(majorVersion(TEMPLATE) < 7, "Redis 7 runs here; RedisEventLogOnRedis7Test covers it");
        RedisEventLog log = new RedisEventLog(TEMPLATE, Duration.ofHours(1), 2);
        String first = log.append(event("notif_first"));
        Thread.sleep(2);
        String dropped = log.append(event("notif_dropped"));
        Thread.sleep(2);
        log.append(event("notif_a"));
        log.append(event("notif_b"));
        EventLog.Window window = log.window();
        assertThat(window.trimmed()).as("no max-deleted-entry-id before 7.0").isNull();
        assertThat(log.resumableAfter(LogId.parse(dropped))).as("dropped itself, a millisecond before the oldest: not known to be safe")
                .isFalse();
        assertThat(log.resumableAfter(LogId.parse(first))).isFalse();
        assertThat(log.resumableAfter(window.resumeAfter())).as("what a 410 advises").isTrue();
        assertThat(log.resumableAfter(window.oldest())).isTrue();
    }

    /** What the intake keeps (lone surrogates already replaced) reads back from Redis exactly as from memory. */
    @Test
    void anEventWithReplacedSurrogatesReadsBackAsTheMemoryLogHoldsIt() {
        String cloudEvent = CloudEvents.of("notif_s", "contact.user.created", "abc", 1767225600,
                tools.jackson.databind.json.JsonMapper.builder().build().readTree("{\"name\":\"\\ud800\",\"\\udfff\":1}"));
        NewEvent event = new NewEvent("notif_s", "contact.user.created", Set.of("users:read"), cloudEvent);
        RedisEventLog redis = new RedisEventLog(TEMPLATE, java.time.Duration.ofHours(1), 100);
        MemoryEventLog memory = new MemoryEventLog(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1), 100, 1 << 20);
        redis.append(event);
        memory.append(event);
        assertThat(redis.after(null, 10).getFirst().cloudEvent()).isEqualTo(memory.after(null, 10).getFirst().cloudEvent())
                .contains("\ufffd");
    }
}
