package dev.intercomgateway.intercom.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.intercomgateway.intercom.IntercomEndpoint;
import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.intercom.cache.CacheConfiguration;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.sandbox.SandboxConfiguration;
import dev.intercomgateway.sandbox.SandboxServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

/** Which Intercom the service talks to, and how it refuses a configuration it cannot use. */
@ExtendWith(OutputCaptureExtension.class)
class IntercomConfigurationTest {

    static final String TOKEN = "c2VjcmV0LXRva2VuLWZvci10ZXN0cw==";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(WebClient.Builder.class, WebClient::builder)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
                    BulkheadAutoConfiguration.class))
            .withUserConfiguration(IntercomGatewayConfiguration.class, CacheConfiguration.class, SandboxConfiguration.class);

    @Test
    void noTokenAndNoBaseUrlStartsTheSandboxAndSaysSoOnce(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(SandboxServer.class);
            IntercomEndpoint endpoint = context.getBean(IntercomEndpoint.class);
            assertThat(endpoint.sandbox()).isTrue();
            assertThat(endpoint.baseUrl()).isEqualTo(context.getBean(SandboxServer.class).baseUrl());
            assertThat(context.getBean(IntercomClient.class).admins()).isNotEmpty();
        });
        assertThat(output.getOut().lines().filter(line -> line.contains("SANDBOX MODE"))).hasSize(1);
    }

    @Test
    void tokenSelectsRealIntercomInTheConfiguredRegion() {
        runner.withPropertyValues("intercom.access-token=" + TOKEN, "intercom.region=eu").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SandboxServer.class);
            IntercomEndpoint endpoint = context.getBean(IntercomEndpoint.class);
            assertThat(endpoint.sandbox()).isFalse();
            assertThat(endpoint.baseUrl()).isEqualTo(URI.create("https://api.eu.intercom.io"));
            assertThat(endpoint.toString()).doesNotContain(TOKEN);
        });
    }

    @Test
    void defaultRegionIsUs() {
        runner.withPropertyValues("intercom.access-token=" + TOKEN).run(context ->
                assertThat(context.getBean(IntercomEndpoint.class).baseUrl()).isEqualTo(URI.create("https://api.intercom.io")));
    }

    @Test
    void explicitBaseUrlWinsOverRegionAndTurnsTheSandboxOff() {
        runner.withPropertyValues("intercom.base-url=http://localhost:9999", "intercom.region=au").run(context -> {
            assertThat(context).doesNotHaveBean(SandboxServer.class);
            assertThat(context.getBean(IntercomEndpoint.class).baseUrl()).isEqualTo(URI.create("http://localhost:9999"));
        });
    }

    @Test
    void propertiesToStringHidesTheToken() {
        runner.withPropertyValues("intercom.access-token=" + TOKEN).run(context -> {
            IntercomProperties properties = context.getBean(IntercomProperties.class);
            assertThat(properties.accessToken()).isEqualTo(TOKEN);
            assertThat(properties.toString()).doesNotContain(TOKEN).contains("accessToken=(set)");
        });
    }

    @Test
    void defaultsMatchTheDocumentedOnes() {
        runner.run(context -> {
            IntercomProperties properties = context.getBean(IntercomProperties.class);
            assertThat(properties.apiVersion()).isEqualTo("2.16");
            assertThat(properties.responseTimeout()).hasSeconds(10);
            assertThat(properties.connectTimeout()).hasSeconds(5);
            assertThat(properties.health().cacheTtl()).hasSeconds(30);
        });
    }

    @Test
    void malformedBaseUrlFailsStartup() {
        assertStartupFails("intercom.base-url=not a url", "intercom.base-url");
        assertStartupFails("intercom.base-url=ftp://example.com", "must be an absolute http(s) URL");
        assertStartupFails("intercom.base-url=intercom.io", "must be an absolute http(s) URL");
    }

    @Test
    void aBaseUrlInCleartextFailsStartupExceptToThisMachine() {
        for (String cleartext : new String[] {"http://api.intercom.io", "http://10.0.0.8:8080", "HTTP://api.eu.intercom.io/", "http://localhost.example.com"}) {
            assertStartupFails("intercom.base-url=" + cleartext, "intercom.base-url must use https");
        }
        for (String allowed : new String[] {"https://api.intercom.io", "http://localhost:8089", "http://127.0.0.1:8089", "http://[::1]:8089"}) {
            runner.withPropertyValues("intercom.access-token=" + TOKEN, "intercom.base-url=" + allowed)
                    .run(context -> assertThat(context).as(allowed).hasNotFailed());
        }
    }

    @Test
    void aTokenVariableSetButBlankFailsStartupWhileAnUnsetOneRunsTheSandbox() {
        for (String blank : new String[] {"", "  "}) {
            runner.withPropertyValues("INTERCOM_ACCESS_TOKEN=" + blank).run(context -> {
                assertThat(context).hasFailed();
                StringBuilder messages = new StringBuilder();
                for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains("INTERCOM_ACCESS_TOKEN is set but blank");
            });
        }
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(SandboxServer.class));
        runner.withPropertyValues("INTERCOM_ACCESS_TOKEN=" + TOKEN, "intercom.access-token=" + TOKEN)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SandboxServer.class));
    }

    @Test
    void nonPositiveTimeoutsFailStartup() {
        assertStartupFails("intercom.response-timeout=-1s", "intercom.response-timeout must be positive");
        assertStartupFails("intercom.connect-timeout=0s", "intercom.connect-timeout must be positive");
        assertStartupFails("intercom.health.cache-ttl=-5s", "cache-ttl must not be negative");
    }

    @Test
    void unknownRegionFailsStartup() {
        assertStartupFails("intercom.region=mars", "intercom.region");
    }

    @Test
    void severalReplicasWithLocalBudgetsFailStartup() {
        assertStartupFails("intercom.rate-limit.replicas=3", "needs intercom.rate-limit.store=redis");
    }

    @Test
    void theReserveIsAShareOfTheWindowWithAFloorAndAnOldFixedReserveStaysItsFloor() {
        runner.run(context -> {
            IntercomProperties.RateLimit rateLimit = context.getBean(IntercomProperties.class).rateLimit();
            assertThat(rateLimit.reservePercent()).isEqualTo(5);
            assertThat(rateLimit.reserve()).isEqualTo(1);
        });
        runner.withPropertyValues("intercom.rate-limit.reserve=10").run(context ->
                assertThat(context.getBean(IntercomProperties.class).rateLimit().reserve()).isEqualTo(10));
        assertStartupFails("intercom.rate-limit.reserve-percent=60", "reservePercent");
        assertStartupFails("intercom.rate-limit.reserve-percent=-1", "reservePercent");
        assertStartupFails("intercom.rate-limit.reserve=1666", "intercom.rate-limit.reserve must be smaller");
    }

    @Test
    void badApiVersionFailsStartup() {
        assertStartupFails("intercom.api-version=latest", "must look like 2.16");
    }

    private void assertStartupFails(String property, String expectedMessage) {
        runner.withPropertyValues("intercom.access-token=" + TOKEN, property).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).as(property).contains(expectedMessage).doesNotContain(TOKEN);
        });
    }

    @Test
    void aBulkheadLargerThanTheConnectionPoolIsAWarningAtStartupNamingBoth(CapturedOutput output) {
        runner.withPropertyValues("intercom.access-token=" + TOKEN, "intercom.max-connections=10",
                "resilience4j.bulkhead.instances.intercom.max-concurrent-calls=200").run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(IntercomClient.class);
                });
        assertThat(output.getOut().lines().filter(line -> line.contains(" WARN ") && line.contains("max-concurrent-calls (200)")))
                .singleElement().asString().contains("intercom.max-connections (10)");
    }

    @Test
    void aBulkheadWithinThePoolStartsWithoutThatWarning(CapturedOutput output) {
        runner.withPropertyValues("intercom.access-token=" + TOKEN, "intercom.max-connections=100",
                "resilience4j.bulkhead.instances.intercom.max-concurrent-calls=64").run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getOut()).doesNotContain("is larger than intercom.max-connections");
    }

    @Test
    void aBulkheadReserveThatLeavesNoSlotStopsTheStart() {
        runner.withPropertyValues("intercom.access-token=" + TOKEN, "resilience4j.bulkhead.instances.intercom.max-concurrent-calls=8",
                "intercom.concurrency.bulkhead-reserve=8").run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("intercom.concurrency.bulkhead-reserve (8) must be less than")
                        .hasMessageContaining("max-concurrent-calls (8)"));
        runner.withPropertyValues("intercom.access-token=" + TOKEN, "intercom.concurrency.bulkhead-reserve=-1")
                .run(context -> assertThat(context).hasFailed());
    }
}
