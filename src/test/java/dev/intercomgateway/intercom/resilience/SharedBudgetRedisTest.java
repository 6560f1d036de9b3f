package dev.intercomgateway.intercom.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.RedisTestServer;
import dev.intercomgateway.intercom.budget.LocalBucket;
import dev.intercomgateway.intercom.budget.SharedBucket;

/** The shared budget against a real redis-server: replicas share one budget; a dead Redis falls back to a local share. */
class SharedBudgetRedisTest {

    static final int BUDGET = 10;
    static final Duration WINDOW = Duration.ofSeconds(2);

    @Test
    void twoGatewaysSharingOneRedisBudgetStayUnderItTogether() throws Exception {
        try (RedisTestServer redis = new RedisTestServer();
                FixedWindowIntercomStub intercom = new FixedWindowIntercomStub(BUDGET, WINDOW.toMillis())) {
            RedisClient clientA = redis.client();
            RedisClient clientB = redis.client();
            try (ResilientGateway a = ResilientGateway.create(intercom.baseUrl(), settings(),
                            new SharedBucket(clientA, "test:budget", BUDGET, WINDOW, 2));
                    ResilientGateway b = ResilientGateway.create(intercom.baseUrl(), settings(),
                            new SharedBucket(clientB, "test:budget", BUDGET, WINDOW, 2))) {
                a.client().admins();
                b.client().admins();
                intercom.resetCountsAtNextWindow();

                AtomicInteger servedByA = new AtomicInteger();
                AtomicInteger servedByB = new AtomicInteger();
                List<Future<?>> calls = new ArrayList<>();
                try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 30; i++) {
                        calls.add(callers.submit(() -> callQuietly(a, servedByA)));
                        calls.add(callers.submit(() -> callQuietly(b, servedByB)));
                    }
                    for (Future<?> call : calls) {
                        call.get(20, TimeUnit.SECONDS);
                    }
                }

                assertThat(intercom.throttled()).as("429s drawn from Intercom by both replicas").isZero();
                assertThat(servedByA.get() + servedByB.get()).isEqualTo(intercom.served()).isGreaterThanOrEqualTo(BUDGET * 2);
                assertThat(servedByA.get()).isPositive();
                assertThat(servedByB.get()).isPositive();
                assertThat(a.budget().snapshot().store()).isEqualTo("redis");
            } finally {
                clientA.shutdown();
                clientB.shutdown();
            }
        }
    }

    @Test
    void redisKilledMidTestFallsBackToTheLocalShareAndKeepsServing() throws Exception {
        try (RedisTestServer redis = new RedisTestServer();
                FixedWindowIntercomStub intercom = new FixedWindowIntercomStub(1000, WINDOW.toMillis())) {
            RedisClient client = redis.client();
            SharedBucket bucket = new SharedBucket(client, "test:fallback", 100, WINDOW, 4);
            try (ResilientGateway gateway = ResilientGateway.create(intercom.baseUrl(), settings(), bucket)) {
                gateway.client().admins();
                assertThat(bucket.store()).isEqualTo("redis");

                redis.kill();

                long started = System.nanoTime();
                gateway.client().admins();
                gateway.client().admins();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
                assertThat(bucket.degraded()).isTrue();
                assertThat(bucket.store()).isEqualTo("local-fallback");
                assertThat(gateway.budget().snapshot().degraded()).isTrue();
                assertThat(intercom.served()).isEqualTo(3);
            } finally {
                client.shutdown();
            }
        }
    }

    private static ResilientGateway.Settings settings() {
        return ResilientGateway.Settings.defaults().withBudget(BUDGET, WINDOW, 0, Duration.ofSeconds(3));
    }

    private static Void callQuietly(ResilientGateway gateway, AtomicInteger served) {
        try {
            gateway.client().admins();
            served.incrementAndGet();
        } catch (IntercomRejectedException refused) {
            // bounded wait ran out: an answer, not a failure
        }
        return null;
    }
}
