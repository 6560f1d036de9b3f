package dev.intercomgateway.intercom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Fresh reads ({@code Cache-Control: no-cache}) join a load that started after they arrived, never an older one. */
class ReadCacheFreshReadsTest {

    final ReadCache cache = new ReadCache(new LocalAnswerStore(1 << 20, Duration.ofMinutes(1), Duration.ofMinutes(2)), true,
            Duration.ofMinutes(1), 1024, Clock.systemUTC(), new SimpleMeterRegistry());

    CacheRead freshRead(AtomicInteger calls, long loadMillis, String body) {
        CacheRequests.begin(true);
        try {
            return cache.read(ReadCacheTest.KEY, () -> {
                calls.incrementAndGet();
                sleep(loadMillis);
                return ReadCacheTest.answer(body);
            });
        } finally {
            CacheRequests.end();
        }
    }

    @Test
    void aBurstOfFreshReadsMakesAFewCalls() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CacheRead>> reads = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                reads.add(readers.submit(() -> {
                    start.await();
                    return freshRead(calls, 300, "{\"id\":\"1\"}");
                }));
            }
            start.countDown();
            for (Future<CacheRead> read : reads) {
                assertThat(read.get(10, TimeUnit.SECONDS).answer().body()).isNotEmpty();
            }
        }
        assertThat(calls.get()).isBetween(1, 3);
    }

    @Test
    void aFreshReadNeverJoinsALoadThatStartedBeforeIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<CacheRead> older = readers.submit(() -> cache.read(ReadCacheTest.KEY, () -> {
                calls.incrementAndGet();
                loading.countDown();
                ReadCacheTest.await(release);
                return ReadCacheTest.answer("{\"id\":\"1\",\"name\":\"old\"}");
            }));
            loading.await(5, TimeUnit.SECONDS);
            Future<CacheRead> freshRead = readers.submit(() -> freshRead(calls, 0, "{\"id\":\"1\",\"name\":\"new\"}"));
            Thread.sleep(200);
            assertThat(calls).as("the fresh read waits for the older load to end, then loads").hasValue(1);
            release.countDown();
            older.get(5, TimeUnit.SECONDS);
            CacheRead fresh = freshRead.get(5, TimeUnit.SECONDS);
            assertThat(fresh.outcome()).isEqualTo(CacheRead.Outcome.REFRESH);
            assertThat(new String(fresh.answer().body())).contains("new");
        }
        assertThat(calls).hasValue(2);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
