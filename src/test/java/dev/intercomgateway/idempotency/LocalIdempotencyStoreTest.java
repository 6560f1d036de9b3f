package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

/**
 * The in-memory store is bounded by the bytes it keeps, bodies included, per caller and in all;
 * nothing leaves before its ttl, claims are owned, and one caller never pushes out another's outcome.
 */
class LocalIdempotencyStoreTest {

    private final AtomicLong nanos = new AtomicLong();

    private LocalIdempotencyStore store(Duration ttl, DataSize callerQuota, DataSize maxMemory) {
        return new LocalIdempotencyStore(ttl, callerQuota, maxMemory, nanos::get);
    }

    private LocalIdempotencyStore store() {
        return store(Duration.ofHours(1), DataSize.ofMegabytes(1), DataSize.ofMegabytes(16));
    }

    private static StoredResponse answerOf(int bodyBytes) {
        return new StoredResponse(201, Map.of("Content-Type", "application/json"), new byte[bodyBytes]);
    }

    private static IdempotencyStore.Claim owned(IdempotencyStore store, String caller, String key) {
        IdempotencyStore.Claimed claimed = store.claim(caller, key, "f-" + key);
        assertThat(claimed.owned()).as("%s owns %s", caller, key).isTrue();
        return claimed.claim();
    }

    private static StoredResponse outcome(IdempotencyStore store, String caller, String key) throws Exception {
        IdempotencyStore.Claimed claimed = store.claim(caller, key, "f-" + key);
        assertThat(claimed.owned()).as("%s's %s is still known", caller, key).isFalse();
        return claimed.existing().outcome().get();
    }

    @Test
    void aCompletedOutcomeWeighsItsBody() {
        var store = store();
        var claim = owned(store, "a", "k1");
        assertThat(store.weightedSize()).isLessThan(1024);

        store.complete(claim, answerOf(100_000));

        assertThat(store.weightedSize()).isGreaterThan(100_000);
        assertThat(store.weightedSize("a")).isEqualTo(store.weightedSize());
    }

    @Test
    void aCallersOutcomeSurvivesAnotherCallersFloodOfLargeAnswers() throws Exception {
        var store = store(Duration.ofHours(1), DataSize.ofKilobytes(500), DataSize.ofMegabytes(2));
        store.complete(owned(store, "quiet", "reply-1"), answerOf(2_000));

        int flooded = 0;
        int refused = 0;
        for (int i = 0; i < 200; i++) {
            try {
                store.complete(owned(store, "greedy", "search-" + i), answerOf(100_000));
                flooded++;
            } catch (IdempotencyQuotaExceededException full) {
                assertThat(full.wholeStore()).as("the greedy caller hits its own quota, not the store's").isFalse();
                refused++;
            }
        }

        assertThat(outcome(store, "quiet", "reply-1").body()).as("replayed, not run again").hasSize(2_000);
        assertThat(store.weightedSize("greedy")).isLessThanOrEqualTo(DataSize.ofKilobytes(500).toBytes());
        assertThat(outcome(store, "greedy", "search-0").replayable()).as("the greedy caller's first answers are kept").isTrue();
        assertThat(outcome(store, "greedy", "search-" + (flooded - 1)).notKept())
                .as("past its quota its answers are kept without their body").isEqualTo(StoredResponse.NotKept.OVER_QUOTA);
        assertThat(refused).as("once markers fill its quota, its new keys are refused").isPositive();
        assertThat(store.claim("quiet", "reply-2", "f").owned()).as("the quiet caller still writes").isTrue();
    }

    @Test
    void aFullStoreRefusesNewKeysRatherThanDropAnyonesOutcome() throws Exception {
        var store = store(Duration.ofHours(1), DataSize.ofKilobytes(300), DataSize.ofKilobytes(500));
        store.complete(owned(store, "a", "k"), answerOf(250_000));
        store.complete(owned(store, "b", "k"), answerOf(200_000));

        var c = store.complete(owned(store, "c", "k"), answerOf(100_000));
        assertThat(c).isTrue();
        assertThat(outcome(store, "c", "k").notKept()).as("did not fit in the store: kept without its body").isEqualTo(StoredResponse.NotKept.OVER_QUOTA);
        for (int i = 0; store.weightedSize() + LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES <= DataSize.ofKilobytes(500).toBytes(); i++) {
            owned(store, "d", "k" + i);
        }
        assertThatThrownBy(() -> store.claim("e", "k", "f")).isInstanceOfSatisfying(IdempotencyQuotaExceededException.class,
                full -> assertThat(full.wholeStore()).isTrue());
        assertThat(outcome(store, "a", "k").body()).hasSize(250_000);
        assertThat(outcome(store, "b", "k").body()).hasSize(200_000);
    }

    @Test
    void aRefusedCallerIsToldWhenItsOldestOutcomeExpires() {
        var store = store(Duration.ofMinutes(10), DataSize.ofKilobytes(2), DataSize.ofMegabytes(1));
        owned(store, "a", "k0");
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        for (int i = 1; i < 4; i++) {
            owned(store, "a", "k" + i);
        }

        assertThatThrownBy(() -> store.claim("a", "k9", "f")).isInstanceOfSatisfying(IdempotencyQuotaExceededException.class,
                full -> assertThat(full.retryAfter()).isEqualTo(Duration.ofMinutes(6)));
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        assertThat(store.claim("a", "k9", "f").owned()).isTrue();
    }

    @Test
    void opsSeeTheMemoryTakenTheOutcomesNotKeptAndTheRefusals() {
        var store = store(Duration.ofHours(1), DataSize.ofKilobytes(250), DataSize.ofMegabytes(1));
        var meters = new SimpleMeterRegistry();
        store.bindTo(meters);
        for (int i = 0; i < 3; i++) {
            store.complete(owned(store, "a", "k" + i), answerOf(100_000));
        }

        assertThat(meters.get("gateway.idempotency.memory.used").gauge().value()).isEqualTo(store.weightedSize()).isBetween(200_000.0, 250_000.0);
        assertThat(meters.get("gateway.idempotency.memory.max").gauge().value()).isEqualTo((double) DataSize.ofMegabytes(1).toBytes());
        assertThat(meters.get("gateway.idempotency.dropped").functionCounter().count()).isEqualTo(1);
        assertThat(meters.get("gateway.idempotency.refused").functionCounter().count()).isZero();

        nanos.addAndGet(Duration.ofHours(2).toNanos());
        owned(store, "a", "later");
        assertThat(meters.get("gateway.idempotency.memory.used").gauge().value()).isEqualTo(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void aStaleClaimCanNeitherCompleteNorReleaseTheClaimThatTookOver() throws Exception {
        var store = store(Duration.ofMinutes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(16));
        var stale = owned(store, "a", "k");
        nanos.addAndGet(Duration.ofMinutes(11).toNanos());              // never finished within the ttl: the key is free again
        var current = owned(store, "a", "k");

        assertThat(store.release(stale)).isFalse();
        assertThat(store.claim("a", "k", "f-k").owned()).as("still held by the current claim").isFalse();
        assertThat(store.complete(stale, answerOf(10))).isFalse();
        IdempotencyStore.Entry waiting = store.claim("a", "k", "f-k").existing();
        assertThat(waiting.outcome()).as("the stale completion stored nothing").isNotDone();

        assertThat(store.complete(current, answerOf(20))).isTrue();
        assertThat(outcome(store, "a", "k").body()).hasSize(20);
        assertThat(store.release(current)).as("a completed key is not freed by its own claim either").isFalse();
        assertThat(store.claim("a", "k", "f-k").existing().fingerprint()).isEqualTo("f-k");
    }

    @Test
    void keysBelongToTheirCaller() {
        var store = store();
        owned(store, "a", "k");
        assertThat(store.claim("b", "k", "f-k").owned()).isTrue();
    }

    @Test
    void outcomesExpireAfterTheTtlFromWhenTheyWereStored() {
        var store = store(Duration.ofMinutes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(16));
        var claim = owned(store, "a", "k");
        nanos.addAndGet(Duration.ofMinutes(8).toNanos());
        store.complete(claim, answerOf(10));

        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(store.claim("a", "k", "f-k").owned()).as("9 minutes after it was stored").isFalse();

        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(store.claim("a", "k", "f-k").owned()).as("11 minutes after it was stored").isTrue();
        assertThat(store.weightedSize()).isEqualTo(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void aClaimNeverFinishedWithinTheTtlLetsItsWaitersGoOn() {
        var store = store(Duration.ofMinutes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(16));
        owned(store, "a", "lost");
        IdempotencyStore.Entry waiting = store.claim("a", "lost", "f").existing();

        nanos.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat(store.claim("a", "lost", "f").owned()).isTrue();

        assertThat(waiting.outcome()).isCompletedWithValue(null);
    }

    @Test
    void aReleasedKeyCanBeClaimedAgainAndItsWaitersAreToldSo() {
        var store = store();
        var claim = owned(store, "a", "k");
        IdempotencyStore.Entry waiting = store.claim("a", "k", "f").existing();

        assertThat(store.release(claim)).isTrue();

        assertThat(waiting.outcome()).isCompletedWithValue(null);
        assertThat(store.claim("a", "k", "f").owned()).isTrue();
        assertThat(store.weightedSize()).isEqualTo(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void aRepeatWaitingOnTheFirstRequestStillGetsItsOutcome() throws Exception {
        var store = store();
        var claim = owned(store, "a", "k");
        IdempotencyStore.Entry waiting = store.claim("a", "k", "f").existing();

        store.complete(claim, answerOf(10));

        assertThat(waiting.outcome().get().status()).isEqualTo(201);
        assertThat(outcome(store, "a", "k").body()).hasSize(10);
    }

    @Test
    void concurrentClaimsOfOneKeyHaveExactlyOneOwner() throws Exception {
        var store = new LocalIdempotencyStore(Duration.ofHours(1), DataSize.ofMegabytes(1), DataSize.ofMegabytes(1));
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
                        IdempotencyStore.Claimed claimed = store.claim("a", "k" + k, "f");
                        if (claimed.owned()) {
                            mine++;
                            store.complete(claimed.claim(), answerOf(1_000));
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

    /** Whatever the configured callers and any number of JWT subjects send, another configured caller's new keyed write is taken. */
    @Test
    void noCallerSetExhaustsTheStoreForAnotherCaller() {
        var defaults = new IdempotencyProperties(Duration.ofHours(24), DataSize.ofMegabytes(1), DataSize.ofMegabytes(4),
                DataSize.ofMegabytes(16), Duration.ofSeconds(30), Duration.ofSeconds(10));
        int configured = 7;
        var store = store(defaults.ttl(), defaults.effectiveCallerQuota(configured), defaults.maxMemory());
        List<String> flooders = new ArrayList<>(List.of("app-1", "app-2", "app-3", "app-4", "app-5", "app-6"));
        for (int subject = 0; subject < 50; subject++) {
            flooders.add("jwt:subject-" + subject);
        }
        int refused = 0;
        for (String flooder : flooders) {
            for (int i = 0; i < 2_000; i++) {
                try {
                    store.complete(owned(store, flooder, "k" + i), answerOf(i % 10 == 0 ? 900_000 : 200));
                } catch (IdempotencyQuotaExceededException full) {
                    assertThat(full.wholeStore()).as("%s is refused by its own quota, never the whole store's", flooder).isFalse();
                    refused++;
                    break;
                }
            }
        }

        assertThat(refused).as("every flooder reached its quota").isEqualTo(flooders.size());
        assertThat(store.weightedSize()).isLessThanOrEqualTo(defaults.maxMemory().toBytes() - defaults.effectiveCallerQuota(configured).toBytes());
        owned(store, "app-7", "reply-1");
    }

    @Test
    void jwtAndAnonymousCallersShareOneQuotaButNotTheirKeys() throws Exception {
        var store = store(Duration.ofHours(1), DataSize.ofKilobytes(8), DataSize.ofMegabytes(16));
        store.complete(owned(store, "jwt:one", "k"), answerOf(10));
        assertThat(store.claim("jwt:two", "k", "f-k").owned()).as("keys stay per caller").isTrue();
        for (int i = 0; i < 13; i++) {
            owned(store, "anonymous", "a" + i);
        }

        assertThatThrownBy(() -> store.claim("jwt:three", "k", "f-k")).isInstanceOf(IdempotencyQuotaExceededException.class);
        assertThat(store.weightedSize("jwt:one")).isEqualTo(store.weightedSize("anonymous"));
        assertThat(store.claim("app-a", "k", "f-k").owned()).as("an API-key caller has its own quota").isTrue();
    }
}
