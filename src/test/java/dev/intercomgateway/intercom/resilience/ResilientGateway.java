package dev.intercomgateway.intercom.resilience;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.budget.CallerLimits;
import dev.intercomgateway.intercom.budget.IntercomBudget;
import dev.intercomgateway.intercom.budget.LocalBucket;
import dev.intercomgateway.intercom.budget.Reserve;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.client.IntercomApi;
import dev.intercomgateway.intercom.client.IntercomCalls;
import dev.intercomgateway.intercom.client.TestGateway;
import dev.intercomgateway.intercom.client.DirectIntercomCalls;
import dev.intercomgateway.intercom.config.IntercomGatewayConfiguration;

/** The gateway with its policies, wired as the application wires them, for tests against a stub Intercom. */
record ResilientGateway(IntercomClient client, Retry retry, CircuitBreaker circuitBreaker, IntercomBudget budget,
        SimpleMeterRegistry meters, TestGateway http) implements AutoCloseable {

    record Settings(int maxAttempts, int budgetPerWindow, Duration window, int reserve, Duration maxWait, int breakerWindow,
            Duration openStateWait, int maxConcurrentCalls, Duration responseTimeout) {

        static Settings defaults() {
            return new Settings(4, 1000, Duration.ofHours(1), 10, Duration.ofSeconds(2), 100, Duration.ofSeconds(30), 64,
                    Duration.ofMillis(800));
        }

        Settings withBreaker(int window, Duration openWait) {
            return new Settings(maxAttempts, budgetPerWindow, this.window, reserve, maxWait, window, openWait, maxConcurrentCalls, responseTimeout);
        }

        Settings withBudget(int perWindow, Duration window, int reserve, Duration maxWait) {
            return new Settings(maxAttempts, perWindow, window, reserve, maxWait, breakerWindow, openStateWait, maxConcurrentCalls, responseTimeout);
        }

        Settings withConcurrency(int maxConcurrentCalls, Duration responseTimeout) {
            return new Settings(maxAttempts, budgetPerWindow, window, reserve, maxWait, breakerWindow, openStateWait, maxConcurrentCalls, responseTimeout);
        }
    }

    static ResilientGateway create(URI baseUrl, Settings settings) {
        return create(baseUrl, settings, new LocalBucket(settings.budgetPerWindow(), settings.window()));
    }

    static ResilientGateway create(URI baseUrl, Settings settings, IntercomBudget.BucketSource bucket) {
        return create(baseUrl, settings, bucket, null, CallerLimits.NONE);
    }

    /** With the reserve as the application builds it (a share of Intercom's limit) and callers' own limits. */
    static ResilientGateway create(URI baseUrl, Settings settings, Reserve reserve, CallerLimits callerLimits) {
        return create(baseUrl, settings, new LocalBucket(settings.budgetPerWindow(), settings.window()), reserve, callerLimits);
    }

    private static ResilientGateway create(URI baseUrl, Settings settings, IntercomBudget.BucketSource bucket, Reserve reserve,
            CallerLimits callerLimits) {
        TestGateway http = TestGateway.create(baseUrl, "test-token", settings.responseTimeout());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Retry retry = Retry.of("intercom", ResilientIntercomCalls.configure(RetryConfig.custom().maxAttempts(settings.maxAttempts())).build());
        CircuitBreaker circuitBreaker = CircuitBreaker.of("intercom", CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerWindow())
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(ResilientIntercomCalls::isUpstreamFailure)
                .ignoreException(failure -> failure instanceof IntercomRejectedException)
                .build());
        Bulkhead bulkhead = Bulkhead.of("intercom", BulkheadConfig.custom().maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ofMillis(100)).build());
        Duration guard = Duration.ofMillis(Math.min(200, settings.window().toMillis() / 5));
        IntercomBudget budget = reserve == null
                ? new IntercomBudget(bucket, settings.window(), guard, settings.reserve(), settings.maxWait(), Clock.systemUTC(), meters)
                : new IntercomBudget(bucket, settings.budgetPerWindow(), settings.window(), guard, reserve, settings.maxWait(),
                        Duration.ofSeconds(60), java.util.Map.of(), callerLimits, Clock.systemUTC(), meters);
        IntercomCalls calls = new ResilientIntercomCalls(new DirectIntercomCalls(), retry, circuitBreaker,
                // No per-caller cap below the bulkhead here: these tests exercise the bulkhead (CallSlotsTest, the caps).
                new CallSlots(bulkhead, caller -> null, Integer.MAX_VALUE, meters), budget,
                new RetryPolicy(new IntercomProperties.Retry(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(10)), Clock.systemUTC()),
                Duration.ofSeconds(10));
        return new ResilientGateway(clientOf(http, calls), retry, circuitBreaker, budget, meters, http);
    }

    private static IntercomClient clientOf(TestGateway http, IntercomCalls calls) {
        IntercomGatewayConfiguration configuration = new IntercomGatewayConfiguration();
        var webClient = TestGateway.checked(configuration.intercomWebClient(
                org.springframework.web.reactive.function.client.WebClient.builder(), http.connections(), http.endpoint(), http.properties()));
        return TestGateway.clientOf(webClient, calls, http.properties(), http.endpoint().baseUrl());
    }

    double meter(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        http.close();
    }
}
