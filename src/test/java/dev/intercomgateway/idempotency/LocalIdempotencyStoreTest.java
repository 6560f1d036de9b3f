package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

/**
 * The in-memory store is bounded by the bytes it keeps, bodies included, not by a count of
 * entries; over the bound the oldest outcomes go first and requests in flight are never dropped.
 */
class LocalIdempotencyStoreTest {

    private final AtomicLong nanos = new AtomicLong();

    private LocalIdempotencyStore store(Duration ttl, DataSize maxMemory) {
        return new LocalIdempotencyStore(ttl, maxMemory, nanos::get);
    }

    private static StoredResponse answerOf(int bodyBytes) {
        return new StoredResponse(201, Map.of("Content-Type", "application/json"), new byte[bodyBytes]);
    }

    @Test
    void aCompletedOutcomeWeighsItsBody() {
        var store = store(Duration.ofHours(1), DataSize.ofMegabytes(16));
        store.claim("k1", "f1");
        assertThat(store.weightedSize()).isLessThan(1024);

        store.complete("k1", answerOf(100_000));

        assertThat(store.weightedSize()).isGreaterThan(100_000);
    }

    // Repeated: the bound once let the cache turn the newest entry away now and then.
    @RepeatedTest(20)
    void largeOutcomesCannotGrowPastTheMemoryBoundAndTheOldestGoFirst() {
        var store = store(Duration.ofHours(1), DataSize.ofMegabytes(1));
        for (int i = 0; i < 30; i++) {
            assertThat(store.claim("k" + i, "f" + i)).isNull();
            store.complete("k" + i, answerOf(100_000));
        }

        assertThat(store.weightedSize()).isLessThanOrEqualTo(DataSize.ofMegabytes(1).toBytes());
        for (int i = 20; i < 30; i++) {
            assertThat(store.claim("k" + i, "f" + i)).as("recent outcome k%d is kept", i).isNotNull();
        }
        assertThat(store.claim("k0", "f0")).as("the oldest outcome was dropped").isNull();
        assertThat(store.droppedForRoom()).isEqualTo(20);
    }

    @Test
    void opsSeeTheMemoryTakenAndTheOutcomesDroppedForRoom() {
        var store = store(Duration.ofHours(1), DataSize.ofKilobytes(250));
        var meters = new SimpleMeterRegistry();
        store.bindTo(meters);
        for (int i = 0; i < 3; i++) {
            store.claim("k" + i, "f");
            store.complete("k" + i, answerOf(100_000));
        }
        store.claim("in-flight", "f");

        assertThat(meters.get("gateway.idempotency.memory.used").gauge().value()).isEqualTo(store.weightedSize()).isBetween(200_000.0, 256_000.0);
        assertThat(meters.get("gateway.idempotency.memory.max").gauge().value()).isEqualTo(256_000.0);
        assertThat(meters.get("gateway.idempotency.dropped").functionCounter().count()).isEqualTo(1);

        store.release("in-flight");
        nanos.addAndGet(Duration.ofHours(2).toNanos());
        store.claim("later", "f");
        assertThat(meters.get("gateway.idempotency.dropped").functionCounter().count()).as("expired outcomes are not counted as dropped").isEqualTo(1);
        assertThat(meters.get("gateway.idempotency.memory.used").gauge().value()).isEqualTo(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void theOrderIsWhenAnOutcomeWasStoredNotWhenItWasClaimed() {
        var store = store(Duration.ofHours(1), DataSize.ofKilobytes(250));
        store.claim("slow", "f");
        store.claim("quick", "f");
        store.complete("quick", answerOf(100_000));
        store.complete("slow", answerOf(100_000));

        store.claim("next", "f");
        store.complete("next", answerOf(100_000));

        assertThat(store.claim("quick", "f")).as("stored first, dropped first").isNull();
        assertThat(store.claim("slow", "f")).isNotNull();
    }

    @Test
    void requestsInFlightAreNeverDroppedToMakeRoom() {
        var store = store(Duration.ofHours(1), DataSize.ofKilobytes(150));
        store.claim("in-flight", "f");
        store.claim("big", "f");
        store.complete("big", answerOf(200_000));

        IdempotencyStore.Entry repeat = store.claim("in-flight", "f");
        assertThat(repeat).as("a repeat still finds the first request running").isNotNull();
        assertThat(repeat.outcome()).isNotDone();
        assertThat(store.claim("big", "f")).as("an outcome bigger than the whole bound is not kept").isNull();
    }

    @Test
    void outcomesExpireAfterTheTtlFromWhenTheyWereStored() {
        var store = store(Duration.ofMinutes(10), DataSize.ofMegabytes(16));
        store.claim("k", "f");
        nanos.addAndGet(Duration.ofMinutes(8).toNanos());
        store.complete("k", answerOf(10));

        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(store.claim("k", "f")).as("9 minutes after it was stored").isNotNull();

        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(store.claim("k", "f")).as("11 minutes after it was stored").isNull();
        assertThat(store.weightedSize()).isEqualTo(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void aClaimNeverFinishedWithinTheTtlLetsItsWaitersGoOn() {
        var store = store(Duration.ofMinutes(10), DataSize.ofMegabytes(16));
        store.claim("lost", "f");
        IdempotencyStore.Entry waiting = store.claim("lost", "f");

        nanos.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat(store.claim("lost", "f")).isNull();

        assertThat(waiting.outcome()).isCompletedWithValue(null);
    }

    @Test
    void aReleasedKeyCanBeClaimedAgainAndItsWaitersAreToldSo() {
        var store = store(Duration.ofHours(1), DataSize.ofMegabytes(16));
        store.claim("k", "f");
        IdempotencyStore.Entry waiting = store.claim("k", "f");

        store.release("k");

        assertThat(waiting.outcome()).isCompletedWithValue(null);
        assertThat(store.claim("k", "f")).isNull();
        assertThat(store.weightedSize()).isEqualTo(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void aRepeatWaitingOnTheFirstRequestStillGetsItsOutcome() throws Exception {
        var store = store(Duration.ofHours(1), DataSize.ofMegabytes(16));
        store.claim("k", "f");
        IdempotencyStore.Entry waiting = store.claim("k", "f");

        store.complete("k", answerOf(10));

        assertThat(waiting.outcome().get().status()).isEqualTo(201);
        assertThat(store.claim("k", "f").outcome().get().body()).hasSize(10);
    }

    @Test
    void concurrentClaimsOfOneKeyHaveExactlyOneOwner() throws Exception {
        var store = new LocalIdempotencyStore(Duration.ofHours(1), DataSize.ofMegabytes(1));
        int callers = 16;
        int keys = 500;
        var start = new CountDownLatch(1);
        List<Future<Integer>> owned = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(callers)) {
            for (int c = 0; c < callers; c++) {
                owned.add(threads.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (int k = 0; k < keys; k++) {
                        if (store.claim("k" + k, "f") == null) {
                            mine++;
                            store.complete("k" + k, answerOf(1_000));
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : owned) {
                total += f.get();
            }
            assertThat(total).as("each key performed once").isEqualTo(keys);
        }
        assertThat(store.weightedSize()).isLessThanOrEqualTo(DataSize.ofMegabytes(1).toBytes());
    }
}
