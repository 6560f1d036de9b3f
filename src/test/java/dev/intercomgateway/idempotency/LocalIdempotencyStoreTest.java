package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

/** The in-memory store is bounded by the bytes it keeps, bodies included, not by a count of entries. */
class LocalIdempotencyStoreTest {

    private static StoredResponse answerOf(int bodyBytes) {
        return new StoredResponse(201, Map.of("Content-Type", "application/json"), new byte[bodyBytes]);
    }

    @Test
    void aCompletedOutcomeWeighsItsBody() {
        var store = new LocalIdempotencyStore(Duration.ofHours(1), DataSize.ofMegabytes(16));
        store.claim("k1", "f1");
        assertThat(store.weightedSize()).isLessThan(1024);

        store.complete("k1", answerOf(100_000));

        assertThat(store.weightedSize()).isGreaterThan(100_000);
    }

    @Test
    void largeOutcomesCannotGrowPastTheMemoryBoundAndTheOldestGoFirst() {
        var store = new LocalIdempotencyStore(Duration.ofHours(1), DataSize.ofMegabytes(1));
        for (int i = 0; i < 30; i++) {
            assertThat(store.claim("k" + i, "f" + i)).isNull();
            store.complete("k" + i, answerOf(100_000));
        }

        assertThat(store.weightedSize()).isLessThanOrEqualTo(DataSize.ofMegabytes(1).toBytes());
        assertThat(store.claim("k29", "f29")).as("the newest outcome is kept").isNotNull();
    }

    @Test
    void aRepeatWaitingOnTheFirstRequestStillGetsItsOutcome() throws Exception {
        var store = new LocalIdempotencyStore(Duration.ofHours(1), DataSize.ofMegabytes(16));
        store.claim("k", "f");
        IdempotencyStore.Entry waiting = store.claim("k", "f");

        store.complete("k", answerOf(10));

        assertThat(waiting.outcome().get().status()).isEqualTo(201);
        assertThat(store.claim("k", "f").outcome().get().body()).hasSize(10);
    }
}
