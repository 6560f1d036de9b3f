package dev.intercomgateway.intercom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Objects no webhook announces changes of keep the short TTL, whatever the webhook TTL. */
class ReadCacheTtlTest {

    /** A clock the test moves on. */
    static final class MovableClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_800_000_000_000L);

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void teamsTagsAndAdminsKeepTheShortTtlWhenContactsAndConversationsKeepTheWebhookTtl() {
        MovableClock clock = new MovableClock();
        ReadCache cache = new ReadCache(new LocalAnswerStore(1 << 20, Duration.ofMinutes(10), Duration.ofMinutes(12)), true,
                Duration.ofMinutes(10), Duration.ofSeconds(5), 1024, clock, new SimpleMeterRegistry());
        AtomicInteger calls = new AtomicInteger();
        CacheKey[] keys = {
            new CacheKey("contact:1", "GET /contacts/1 2.16"), new CacheKey("conversation:2", "GET /conversations/2 2.16"),
            new CacheKey("teams", "GET /teams 2.16"), new CacheKey("tags", "GET /tags 2.16"), new CacheKey("admin:3", "GET /admins/3 2.16")};
        for (CacheKey key : keys) {
            cache.read(key, () -> {
                calls.incrementAndGet();
                return ReadCacheTest.answer("{\"id\":\"x\"}");
            });
        }
        clock.advance(Duration.ofSeconds(6));
        for (CacheKey key : keys) {
            CacheRead read = cache.read(key, () -> {
                calls.incrementAndGet();
                return ReadCacheTest.answer("{\"id\":\"x\"}");
            });
            boolean announced = key.object().startsWith("contact:") || key.object().startsWith("conversation:");
            assertThat(read.outcome()).as(key.object()).isEqualTo(announced ? CacheRead.Outcome.HIT : CacheRead.Outcome.MISS);
        }
        assertThat(calls).hasValue(8);
    }

    @Test
    void aNotificationFromTheFutureCountsAsNowAndDoesNotStopCaching() {
        MovableClock clock = new MovableClock();
        ReadCache cache = new ReadCache(new LocalAnswerStore(1 << 20, Duration.ofMinutes(10), Duration.ofMinutes(12)), true,
                Duration.ofMinutes(10), Duration.ofSeconds(5), 1024, clock, new SimpleMeterRegistry());
        CacheKey key = new CacheKey("contact:1", "GET /contacts/1 2.16");
        long now = clock.millis() / 1000;
        cache.invalidate(java.util.List.of("contact:1"), ReadCache.Source.WEBHOOK, 2_147_483_000L);
        clock.advance(Duration.ofSeconds(1));
        String changed = "{\"id\":\"1\",\"updated_at\":" + now + "}";
        assertThat(cache.read(key, () -> ReadCacheTest.answer(changed)).outcome()).isEqualTo(CacheRead.Outcome.MISS);
        assertThat(cache.read(key, () -> ReadCacheTest.answer(changed)).outcome()).isEqualTo(CacheRead.Outcome.HIT);
        // an older answer than what was announced (now) is still refused
        cache.invalidate(java.util.List.of("contact:1"), ReadCache.Source.WEBHOOK, now + 10);
        String older = "{\"id\":\"1\",\"updated_at\":" + (now - 5) + "}";
        cache.read(key, () -> ReadCacheTest.answer(older));
        assertThat(cache.read(key, () -> ReadCacheTest.answer(older)).outcome()).isEqualTo(CacheRead.Outcome.MISS);
    }
}
