package dev.intercomgateway.intercom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * A write made while the shared store is down: its invalidation fails, yet when the store comes
 * back with its data the writer never reads the old entry, and the delete is retried so that the
 * other replicas stop serving it too.
 */
class ReadCacheStoreOutageTest {

    /** One shared store (Redis, say) that can be down; it keeps its data through the outage. */
    static final class SharedStore implements AnswerStore {
        final LocalAnswerStore data = new LocalAnswerStore(1 << 20, Duration.ofMinutes(10), Duration.ofMinutes(12));
        volatile boolean down;
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        private void reachable() {
            calls.incrementAndGet();
            if (down) {
                throw new IllegalStateException("Unable to connect to Redis");
            }
        }

        @Override
        public Optional<CachedAnswer> get(CacheKey key) {
            reachable();
            return data.get(key);
        }

        @Override
        public long mark(String object) {
            reachable();
            return data.mark(object);
        }

        @Override
        public boolean putIfUnchanged(CacheKey key, CachedAnswer answer, long mark, long updatedAt, Duration ttl) {
            reachable();
            return data.putIfUnchanged(key, answer, mark, updatedAt, ttl);
        }

        @Override
        public void invalidate(String object, long updatedAt) {
            reachable();
            data.invalidate(object, updatedAt);
        }
    }

    final ReadCacheTtlTest.MovableClock clock = new ReadCacheTtlTest.MovableClock();
    final SharedStore store = new SharedStore();
    final ReadCache writer = replica();
    final ReadCache other = replica();

    ReadCache replica() {
        return new ReadCache(store, true, Duration.ofMinutes(10), Duration.ofSeconds(5), 1 << 16, clock, new SimpleMeterRegistry());
    }

    static CacheRead read(ReadCache cache, String name) {
        return cache.read(ReadCacheTest.KEY, () -> ReadCacheTest.answer("{\"id\":\"1\",\"name\":\"" + name + "\"}"));
    }

    @Test
    void aWriteDuringAnOutageIsReadAfterTheStoreComesBackWithItsData() {
        read(writer, "old");
        assertThat(read(other, "old").outcome()).isEqualTo(CacheRead.Outcome.HIT);
        clock.advance(Duration.ofSeconds(1));

        store.down = true;
        writer.invalidate(List.of("contact:1"), ReadCache.Source.WRITE, 0);
        CacheRead during = read(writer, "new");
        clock.advance(Duration.ofSeconds(1));
        store.down = false;
        clock.advance(ReadCache.STORE_PAUSE);

        assertThat(new String(during.answer().body())).contains("new");
        CacheRead afterOnWriter = read(writer, "new");
        assertThat(afterOnWriter.outcome()).isEqualTo(CacheRead.Outcome.MISS);
        assertThat(new String(afterOnWriter.answer().body())).contains("new");
        // the writer's read retried the delete: the other replica, which saw no error, no longer serves the old entry
        CacheRead afterOnOther = read(other, "new");
        assertThat(new String(afterOnOther.answer().body())).contains("new");
        assertThat(read(writer, "new").outcome()).isEqualTo(CacheRead.Outcome.HIT);
    }

    @Test
    void anEntryStoredBeforeTheLastStoreErrorIsNotServedOnThatReplica() {
        read(writer, "old");
        clock.advance(Duration.ofSeconds(1));
        store.down = true;
        read(writer, "during"); // a get that fails: this replica cannot know what was invalidated meanwhile
        clock.advance(Duration.ofSeconds(1));
        store.down = false;
        clock.advance(ReadCache.STORE_PAUSE);

        assertThat(read(writer, "fresh").outcome()).isEqualTo(CacheRead.Outcome.MISS);
        assertThat(read(writer, "fresh").outcome()).isEqualTo(CacheRead.Outcome.HIT);
    }

    /** A dead store costs one timeout, not one per read: it is left alone for a pause, then tried again. */
    @Test
    void afterAStoreErrorReadsAndWritesLeaveTheStoreAloneForAPause() {
        read(writer, "old");
        store.down = true;
        read(writer, "during");
        int callsAtTheError = store.calls.get();

        for (int i = 0; i < 5; i++) {
            assertThat(new String(read(writer, "during").answer().body())).contains("during");
        }
        writer.invalidate(List.of("contact:1"), ReadCache.Source.WRITE, 0);
        assertThat(store.calls.get()).as("no store call within the pause").isEqualTo(callsAtTheError);

        store.down = false;
        clock.advance(ReadCache.STORE_PAUSE);
        assertThat(read(writer, "after").outcome()).isEqualTo(CacheRead.Outcome.MISS);
        assertThat(store.calls.get()).as("tried again after it").isGreaterThan(callsAtTheError);
        assertThat(new String(read(other, "after").answer().body())).as("the delete kept during the pause was done").contains("after");
        assertThat(read(writer, "after").outcome()).isEqualTo(CacheRead.Outcome.HIT);
    }

    /** The deletes an outage left are retried a few at a time, so that no single caller's read waits for the whole backlog. */
    @Test
    void theBacklogOfAnOutageIsRetriedAFewDeletesPerRead() {
        store.down = true;
        List<String> objects = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "contact:" + (100 + i)).toList();
        writer.invalidate(objects, ReadCache.Source.WRITE, 0);
        store.down = false;
        clock.advance(ReadCache.STORE_PAUSE);

        List<Integer> callsPerRead = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int before = store.calls.get();
            read(writer, "after");
            callsPerRead.add(store.calls.get() - before);
        }
        // a read: get, mark and put on a miss, one get on a hit; plus at most 16 deletes: 40 take three reads
        assertThat(callsPerRead).allSatisfy(calls -> assertThat(calls).isLessThanOrEqualTo(3 + ReadCache.RETRIES_PER_READ));
        assertThat(callsPerRead.subList(3, 5)).as("the backlog is done after three reads").allSatisfy(calls -> assertThat(calls).isEqualTo(1));
    }
}
