package dev.intercomgateway.intercom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.IntercomRejectedException;

class ReadCacheTest {

    static final CacheKey KEY = new CacheKey("contact:1", "GET /contacts/1 2.16");
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ReadCache cache(boolean enabled) {
        return new ReadCache(new LocalAnswerStore(1 << 20, Duration.ofMinutes(1), Duration.ofMinutes(2)), enabled, Duration.ofMinutes(1), 1024,
                Clock.systemUTC(), meters);
    }

    static CachedAnswer answer(String json) {
        return new CachedAnswer(json.getBytes(StandardCharsets.UTF_8), "application/json", 0);
    }

    @Test
    void concurrentMissesMakeOneCallWithTheCacheOff() throws Exception {
        ReadCache cache = cache(false);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<CacheRead>> reads = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                reads.add(readers.submit(() -> cache.read(KEY, () -> {
                    calls.incrementAndGet();
                    await(release);
                    return answer("{\"id\":\"1\"}");
                })));
            }
            Thread.sleep(300);
            release.countDown();
            for (Future<CacheRead> read : reads) {
                assertThat(read.get().answer().body()).isNotEmpty();
            }
        }
        assertThat(calls).hasValue(1);
        assertThat(meters.counter("gateway.cache.reads", "outcome", "coalesced").count()).isEqualTo(99);
        assertThat(meters.counter("gateway.cache.intercom.calls.saved").count()).isEqualTo(99);
        // nothing kept with the cache off
        assertThat(cache.read(KEY, () -> answer("{}")).outcome()).isEqualTo(CacheRead.Outcome.BYPASS);
    }

    @Test
    void aLoadThatStartedBeforeAnInvalidationDoesNotStoreItsOlderAnswer() throws Exception {
        ReadCache cache = cache(true);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch invalidated = new CountDownLatch(1);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<CacheRead> slow = readers.submit(() -> cache.read(KEY, () -> {
                loading.countDown();
                await(invalidated);
                return answer("{\"name\":\"before the write\"}");
            }));
            loading.await();
            cache.invalidate(Set.of("contact:1"), ReadCache.Source.WRITE, 0);
            // a read after the write does not join the call made before it
            CacheRead after = cache.read(KEY, () -> answer("{\"name\":\"after the write\"}"));
            invalidated.countDown();
            assertThat(slow.get().outcome()).isEqualTo(CacheRead.Outcome.MISS);
            assertThat(new String(after.answer().body(), StandardCharsets.UTF_8)).contains("after the write");
        }
        CacheRead next = cache.read(KEY, () -> answer("{\"name\":\"loaded again\"}"));
        assertThat(next.outcome()).isEqualTo(CacheRead.Outcome.HIT);
        assertThat(new String(next.answer().body(), StandardCharsets.UTF_8)).contains("after the write");
        assertThat(meters.counter("gateway.cache.not.stored", "reason", "superseded").count()).isEqualTo(1);
    }

    @Test
    void anAnswerOlderThanTheNewestAnnouncedChangeIsServedNotKept() {
        ReadCache cache = cache(true);
        cache.invalidate(Set.of("contact:1"), ReadCache.Source.WEBHOOK, 200);

        assertThat(cache.read(KEY, () -> answer("{\"updated_at\":150}")).outcome()).isEqualTo(CacheRead.Outcome.MISS);
        assertThat(cache.read(KEY, () -> answer("{\"updated_at\":200}")).outcome()).isEqualTo(CacheRead.Outcome.MISS);
        assertThat(cache.read(KEY, () -> answer("{\"updated_at\":100}")).outcome()).isEqualTo(CacheRead.Outcome.HIT);
        // an older notification arriving late does not lower what was announced
        cache.invalidate(Set.of("contact:1"), ReadCache.Source.WEBHOOK, 120);
        cache.read(KEY, () -> answer("{\"updated_at\":150}"));
        assertThat(cache.read(KEY, () -> answer("{\"updated_at\":200}")).outcome()).isEqualTo(CacheRead.Outcome.MISS);
    }

    /** A wrong clock or milliseconds for seconds: the object is dropped, and its next answers are kept again. */
    @Test
    void anAnnouncedChangeFromTheFutureDropsTheObjectButDoesNotStopItsCaching() {
        long now = System.currentTimeMillis() / 1000;
        for (long future : new long[] {now + 86_400, now * 1000, Long.MAX_VALUE}) {
            ReadCache cache = cache(true);
            cache.read(KEY, () -> answer("{\"updated_at\":" + (now - 60) + "}"));
            assertThat(cache.read(KEY, () -> answer("{}")).outcome()).isEqualTo(CacheRead.Outcome.HIT);

            cache.invalidate(Set.of("contact:1"), ReadCache.Source.WEBHOOK, future);

            assertThat(cache.read(KEY, () -> answer("{\"updated_at\":" + (now - 1) + "}")).outcome()).as("dropped").isEqualTo(CacheRead.Outcome.MISS);
            assertThat(cache.read(KEY, () -> answer("{}")).outcome()).as("kept again after %d", future).isEqualTo(CacheRead.Outcome.HIT);
        }
    }

    @Test
    void anAnswerOverTheSizeLimitIsNotKept() {
        ReadCache cache = cache(true);
        String big = "{\"name\":\"" + "x".repeat(2000) + "\"}";
        cache.read(KEY, () -> answer(big));
        assertThat(cache.read(KEY, () -> answer(big)).outcome()).isEqualTo(CacheRead.Outcome.MISS);
        assertThat(meters.counter("gateway.cache.not.stored", "reason", "too_large").count()).isEqualTo(2);
    }

    @Test
    void intercomsRefusalReachesEveryReaderButTheGatewaysOwnRefusalIsNotShared() throws Exception {
        ReadCache cache = cache(true);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Supplier<CachedAnswer> notFound = () -> {
            calls.incrementAndGet();
            await(release);
            throw new IntercomApiException(404, "not_found", "User Not Found", null, IntercomRateLimit.UNKNOWN, null, new byte[0], Map.of());
        };
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = readers.submit(() -> cache.read(KEY, notFound));
            Thread.sleep(200);
            Future<?> second = readers.submit(() -> cache.read(KEY, notFound));
            Thread.sleep(200);
            release.countDown();
            assertThatThrownBy(first::get).hasCauseInstanceOf(IntercomApiException.class);
            assertThatThrownBy(second::get).hasCauseInstanceOf(IntercomApiException.class);
        }
        assertThat(calls).hasValue(1);

        CountDownLatch refusing = new CountDownLatch(1);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> capped = readers.submit(() -> cache.read(KEY, () -> {
                await(refusing);
                throw new IntercomRejectedException(IntercomRejectedException.Reason.CIRCUIT_OPEN, "refused", Duration.ofSeconds(1), null);
            }));
            Thread.sleep(200);
            Future<CacheRead> other = readers.submit(() -> cache.read(KEY, () -> answer("{\"id\":\"1\"}")));
            Thread.sleep(200);
            refusing.countDown();
            assertThatThrownBy(capped::get).hasCauseInstanceOf(IntercomRejectedException.class);
            assertThat(other.get().outcome()).isEqualTo(CacheRead.Outcome.MISS);
        }
    }

    @Test
    void writesAndNotificationsNameTheObjectsTheyChange() {
        var json = JsonMapper.builder().build();
        assertThat(CachedObjects.writtenBy("/contacts/{contact_id}/tags/{tag_id}", Map.of("contact_id", "c1", "tag_id", "7"), null))
                .containsExactly("contact:c1");
        assertThat(CachedObjects.writtenBy("/contacts/merge", Map.of(), json.readTree("{\"from\":\"lead1\",\"into\":\"user1\"}")))
                .containsExactlyInAnyOrder("contact:lead1", "contact:user1");
        assertThat(CachedObjects.writtenBy("/conversations/{id}/merge", Map.of("id", "42"), null)).containsExactly("conversation:42");
        assertThat(CachedObjects.writtenBy("/conversations/{conversation_id}/customers/{contact_id}",
                Map.of("conversation_id", "42", "contact_id", "c1"), null)).containsExactlyInAnyOrder("conversation:42", "contact:c1");
        assertThat(CachedObjects.writtenBy("/admins/{admin_id}/away", Map.of("admin_id", "99"), null)).containsExactly("admin:99");
        assertThat(CachedObjects.writtenBy("/tags/{tag_id}", Map.of("tag_id", "7"), null)).containsExactly("tags");
        assertThat(CachedObjects.writtenBy("/conversations/attributes/{id}", Map.of("id", "3"), null)).isEmpty();

        assertThat(CachedObjects.namedBy("contact.user.updated", json.readTree("{\"type\":\"contact\",\"id\":\"c1\",\"updated_at\":5}")))
                .containsExactly("contact:c1");
        assertThat(CachedObjects.namedBy("contact.user.tag.created",
                json.readTree("{\"type\":\"contact_tag\",\"contact\":{\"type\":\"contact\",\"id\":\"c1\"},\"tag\":{\"id\":\"7\"}}")))
                .containsExactlyInAnyOrder("contact:c1", "tags");
        assertThat(CachedObjects.namedBy("conversation.admin.replied", json.readTree("{\"type\":\"conversation\",\"id\":\"42\"}")))
                .containsExactly("conversation:42");
        assertThat(CachedObjects.namedBy("admin.away_mode_updated", json.readTree("{\"type\":\"admin\",\"id\":\"99\"}")))
                .containsExactly("admin:99");
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
