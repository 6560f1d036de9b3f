package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.MutableClock;

class MemoryEventLogTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    static NewEvent event(String id, int size) {
        return new NewEvent(id, "contact.user.created", Set.of("users:read"), "x".repeat(size));
    }

    @Test
    void keepsEachNotificationOnceInOrderWithIdsShapedLikeTheRedisLogs() {
        MemoryEventLog log = new MemoryEventLog(clock, Duration.ofHours(24), 100, 1 << 20);
        String first = log.append(event("notif_a", 10));
        String second = log.append(event("notif_b", 10));
        assertThat(log.append(event("notif_a", 10))).isNull();
        assertThat(first).isEqualTo("1767225600000-0");
        assertThat(second).isEqualTo("1767225600000-1");
        assertThat(log.after(null, 10)).extracting(LoggedEvent::id).containsExactly(first, second);
        assertThat(log.after(LogId.parse(first), 10)).extracting(LoggedEvent::id).containsExactly(second);
        assertThat(log.after(LogId.parse(second), 10)).isEmpty();
    }

    @Test
    void boundedByAgeLengthAndBytes() {
        MemoryEventLog byAge = new MemoryEventLog(clock, Duration.ofHours(24), 100, 1 << 20);
        String old = byAge.append(event("notif_old", 10));
        clock.advance(Duration.ofHours(25));
        String fresh = byAge.append(event("notif_new", 10));
        assertThat(byAge.after(null, 10)).extracting(LoggedEvent::id).containsExactly(fresh);
        assertThat(byAge.resumableAfter(LogId.parse(old))).as("dropped itself, but nothing after it was").isTrue();
        assertThat(byAge.resumableAfter(LogId.parse(fresh))).isTrue();
        clock.advance(Duration.ofHours(25));
        byAge.append(event("notif_newest", 10));
        assertThat(byAge.resumableAfter(LogId.parse(old))).as("fresh, after it, was dropped since").isFalse();
        assertThat(byAge.resumableAfter(LogId.parse(fresh))).isTrue();

        MemoryEventLog byLength = new MemoryEventLog(clock, Duration.ofHours(24), 2, 1 << 20);
        List.of("1", "2", "3").forEach(n -> byLength.append(event("notif_" + n, 10)));
        assertThat(byLength.window().length()).isEqualTo(2);

        MemoryEventLog byBytes = new MemoryEventLog(clock, Duration.ofHours(24), 100, 10_000);
        List.of("1", "2", "3").forEach(n -> byBytes.append(event("notif_" + n, 2_000)));
        assertThat(byBytes.window().length()).as("each takes about 4 KB").isEqualTo(2);
    }

    @Test
    void aFilteredSubscriberWhoseLastEventWasDroppedResumesWhenNothingAfterItWas() {
        MemoryEventLog log = new MemoryEventLog(clock, Duration.ofSeconds(15), 100, 1 << 20);
        String admin = log.append(new NewEvent("notif_admin", "admin.away_mode_updated", Set.of("admins:read"), "{}"));
        for (int second = 1; second <= 22; second++) {
            clock.advance(Duration.ofSeconds(1));
            log.append(event("notif_contact_" + second, 10));
        }
        assertThat(log.window().oldest()).isNotEqualTo(LogId.parse(admin));
        assertThat(log.resumableAfter(LogId.parse(admin))).as("contact events after it were dropped: 410").isFalse();
        LogId resumeAfter = log.window().resumeAfter();
        assertThat(log.resumableAfter(resumeAfter)).isTrue();
        assertThat(log.after(resumeAfter, 1)).as("resume_after delivers the oldest retained")
                .extracting(LoggedEvent::logId).containsExactly(log.window().oldest());
    }

    @Test
    void pagesAreBoundedInBytesToo() {
        MemoryEventLog log = new MemoryEventLog(clock, Duration.ofHours(1), 100, 1 << 24);
        for (int i = 0; i < 10; i++) {
            log.append(event("notif_" + i, 10_000));
        }
        assertThat(log.after(null, 100, 50_000)).as("about 20 KB each").hasSize(3);
        assertThat(log.after(null, 100, 1)).as("one at least").hasSize(1);
        assertThat(log.after(null, 2, Long.MAX_VALUE)).hasSize(2);
    }

    @Test
    void aRestartedLogCannotResumeAnIdFromBefore() {
        MemoryEventLog before = new MemoryEventLog(clock, Duration.ofHours(24), 100, 1 << 20);
        String id = before.append(event("notif_a", 10));
        clock.advance(Duration.ofSeconds(2));
        MemoryEventLog after = new MemoryEventLog(clock, Duration.ofHours(24), 100, 1 << 20);
        assertThat(after.resumableAfter(LogId.parse(id))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        after.append(event("notif_b", 10));
        assertThat(after.resumableAfter(LogId.parse(id))).as("appended before this log started").isFalse();
    }

    static NewEvent of(String id, String topic, String scope) {
        return new NewEvent(id, topic, Set.of(scope), "{}");
    }

    /** A rare topic's subscriber is not told 410 because other topics' events were trimmed; it is when one of its own was. */
    @Test
    void aFilteredCallerResumesUnlessAnEventItWouldReceiveWasDroppedAfterItsId() {
        MemoryEventLog log = new MemoryEventLog(clock, Duration.ofHours(24), 5, 1 << 20);
        LogId admin = LogId.parse(log.append(of("notif_admin", "admin.away_mode_updated", "admins:read")));
        for (int i = 0; i < 10; i++) {
            log.append(of("notif_" + i, "contact.user.created", "users:read"));
        }
        EventFilter admins = new EventFilter(Set.of("admins:read", "users:read"), List.of("admin."));
        EventFilter adminsByScope = new EventFilter(Set.of("admins:read", "conversations:read"), List.of());
        assertThat(log.resumableAfter(admin)).as("events after it were dropped").isFalse();
        assertThat(log.resumableAfter(admin, admins)).as("none of its topics").isTrue();
        assertThat(log.resumableAfter(admin, adminsByScope)).as("none it may read").isTrue();
        assertThat(log.resumableAfter(admin, new EventFilter(null, List.of()))).isFalse();
        assertThat(log.resumableAfter(admin, new EventFilter(Set.of("users:read"), List.of("contact.")))).isFalse();
        assertThat(log.resumableAfter(admin, new EventFilter(Set.of("users:read"), List.of("contact.user.c")))).isFalse();
        assertThat(log.after(admin, 10)).as("it resumes at the oldest retained").hasSize(5);

        LogId second = LogId.parse(log.append(of("notif_admin_2", "admin.away_mode_updated", "admins:read")));
        for (int i = 10; i < 20; i++) {
            log.append(of("notif_" + i, "contact.user.created", "users:read"));
        }
        assertThat(log.resumableAfter(admin, admins)).as("an admin event after it was dropped").isFalse();
        assertThat(log.resumableAfter(admin, adminsByScope)).isFalse();
        assertThat(log.resumableAfter(second, admins)).isTrue();
        assertThat(log.resumableAfter(new LogId(admin.millis() - 1, 0), admins)).as("from before this log started (a restart)").isFalse();
        assertThat(log.resumableAfter(EventLog.BEFORE_ANY, admins)).isFalse();
        assertThat(log.resumableAfter(EventLog.BEFORE_ANY, new EventFilter(Set.of("conversations:read"), List.of())))
                .as("0-0 (the start of this log) by the kinds dropped, as any id and as the Redis log: none it may read").isTrue();
        assertThat(log.resumableAfter(EventLog.BEFORE_ANY, new EventFilter(null, List.of("conversation.")))).as("none of its topics").isTrue();
        assertThat(log.resumableAfter(EventLog.BEFORE_ANY, new EventFilter(Set.of("users:read"), List.of()))).isFalse();
    }

    /** An id later than the newest appended (a clock ahead), with nothing dropped after it: resumable, from the newest. */
    @Test
    void anIdPastTheNewestResumesUnlessItIsFromBeforeThisLogStarted() {
        MemoryEventLog log = new MemoryEventLog(clock, Duration.ofHours(24), 2, 1 << 20);
        LogId ahead = new LogId(clock.millis() + 30_000, 0);
        assertThat(log.resumableAfter(ahead)).as("an empty log, nothing ever dropped").isTrue();
        LogId last = LogId.parse(log.append(event("notif_1", 10)));
        assertThat(log.resumableAfter(ahead)).isTrue();
        assertThat(log.resumableAfter(ahead, new EventFilter(null, List.of()))).isTrue();
        assertThat(EventLog.resumeFrom(ahead, log.last())).as("it goes on from the newest, so the next event reaches it").isEqualTo(last);
        assertThat(EventLog.resumeFrom(last, log.last())).isEqualTo(last);
        log.append(event("notif_2", 10));
        log.append(event("notif_3", 10));
        assertThat(log.resumableAfter(ahead)).as("what was dropped lies before it").isTrue();
        assertThat(log.resumableAfter(new LogId(clock.millis() - 5_000, 0))).as("before this log started").isFalse();
    }

    /** A log that retains nothing still names where to resume (its newest id), or its start when it appended none. */
    @Test
    void aLogThatRetainsNothingAdvisesResumingAfterItsNewestOrItsStart() {
        MemoryEventLog log = new MemoryEventLog(clock, Duration.ofHours(1), 100, 1 << 20);
        LogId start = log.window().resumeAfter();
        assertThat(start).isNotNull();
        assertThat(log.resumableAfter(start)).isTrue();
        LogId first = LogId.parse(log.append(event("notif_1", 10)));
        LogId last = LogId.parse(log.append(event("notif_2", 10)));
        clock.advance(Duration.ofHours(2));
        assertThat(log.window().oldest()).isNull();
        assertThat(log.resumableAfter(first)).as("notif_2 was dropped after it").isFalse();
        assertThat(log.window().resumeAfter()).isEqualTo(last);
        assertThat(log.resumableAfter(log.window().resumeAfter())).isTrue();
    }
}
