package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.security.GatewayClients;
import dev.intercomgateway.store.SharedStoreConfiguration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The memory store's quota follows the configured callers, and a max-memory too small for them stops startup saying what to set. */
class IdempotencyConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayClients.class)
    static class Around {
        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Around.class,
            SharedStoreConfiguration.class, IdempotencyConfiguration.class);

    private static String[] callers(int count) {
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            properties.add("gateway.clients[" + i + "].name=app-" + i);
            properties.add("gateway.clients[" + i + "].key-sha256[0]=" + "%064x".formatted(i + 1));
            properties.add("gateway.clients[" + i + "].scopes[0]=users:write");
        }
        return properties.toArray(String[]::new);
    }

    @Test
    void eachCallersQuotaIsItsShareOfMaxMemory() {
        runner.withPropertyValues(callers(7)).run(context -> {
            assertThat(context).hasNotFailed();
            LocalIdempotencyStore store = (LocalIdempotencyStore) context.getBean(IdempotencyStore.class);
            int claimed = 0;
            try {
                for (; claimed < 100_000; claimed++) {
                    store.claim("app-0", "k" + claimed, "f");
                }
            } catch (IdempotencyQuotaExceededException full) {
                assertThat(full.wholeStore()).isFalse();
            }
            assertThat(store.weightedSize("app-0")).as("16MB / (7 + 1)").isLessThanOrEqualTo(2L * 1024 * 1024)
                    .isGreaterThan(2L * 1024 * 1024 - LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES);
        });
    }

    @Test
    void tooManyCallersForMaxMemoryStopStartupNamingWhatToSet() {
        runner.withPropertyValues(callers(16)).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("set gateway.idempotency.max-memory to at least 68MB");
        });
        runner.withPropertyValues(callers(16)).withPropertyValues("gateway.idempotency.max-memory=68MB")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
