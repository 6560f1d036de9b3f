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
        assertThat(byAge.resumableAfter(LogId.parse(old))).isFalse();
        assertThat(byAge.resumableAfter(LogId.parse(fresh))).isTrue();

        MemoryEventLog byLength = new MemoryEventLog(clock, Duration.ofHours(24), 2, 1 << 20);
        List.of("1", "2", "3").forEach(n -> byLength.append(event("notif_" + n, 10)));
        assertThat(byLength.window().length()).isEqualTo(2);

        MemoryEventLog byBytes = new MemoryEventLog(clock, Duration.ofHours(24), 100, 10_000);
        List.of("1", "2", "3").forEach(n -> byBytes.append(event("notif_" + n, 2_000)));
        assertThat(byBytes.window().length()).as("each takes about 4 KB").isEqualTo(2);
    }

    @Test
    void aRestartedLogCannotResumeAnIdFromBefore() {
        MemoryEventLog before = new MemoryEventLog(clock, Duration.ofHours(24), 100, 1 << 20);
        String id = before.append(event("notif_a", 10));
        MemoryEventLog after = new MemoryEventLog(clock, Duration.ofHours(24), 100, 1 << 20);
        assertThat(after.resumableAfter(LogId.parse(id))).isFalse();
    }
}
