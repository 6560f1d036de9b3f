package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** The bounds bind from configuration, default to sane sizes, and nonsense stops startup naming the rule. */
class IdempotencyPropertiesTest {

    @EnableConfigurationProperties(IdempotencyProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void defaultsAndOverrides() {
        runner.run(context -> {
            IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
            assertThat(properties.maxEntrySize()).isEqualTo(DataSize.ofMegabytes(1));
            assertThat(properties.callerQuota()).isEqualTo(DataSize.ofMegabytes(4));
            assertThat(properties.maxMemory()).isEqualTo(DataSize.ofMegabytes(16));
        });
        runner.withPropertyValues("gateway.idempotency.max-entry-size=256KB", "gateway.idempotency.caller-quota=2MB").run(context -> {
            IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
            assertThat(properties.maxEntrySize()).isEqualTo(DataSize.ofKilobytes(256));
            assertThat(properties.callerQuota()).isEqualTo(DataSize.ofMegabytes(2));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.idempotency.max-entry-size=8MB", "gateway.idempotency.caller-quota=32MB",
            "gateway.idempotency.max-entry-size=0B", "gateway.idempotency.lease=0s"})
    void boundsOutOfOrderStopStartup(String property) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).as(property).containsAnyOf("max-entry-size <= caller-quota <= max-memory", "must be positive");
        });
    }

    @Test
    void eachCallersQuotaIsSizedSoThatAllCallersFitInMaxMemory() {
        runner.run(context -> {
            IdempotencyProperties defaults = context.getBean(IdempotencyProperties.class);
            assertThat(defaults.effectiveCallerQuota(0)).as("the configured quota where it fits").isEqualTo(DataSize.ofMegabytes(4));
            assertThat(defaults.effectiveCallerQuota(3)).isEqualTo(DataSize.ofMegabytes(4));
            assertThat(defaults.effectiveCallerQuota(7)).as("16MB / (7 + 1)").isEqualTo(DataSize.ofMegabytes(2));
            assertThat(defaults.effectiveCallerQuota(9).toBytes()).isEqualTo(DataSize.ofMegabytes(16).toBytes() / 10);
            assertThatThrownBy(() -> defaults.effectiveCallerQuota(20)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("set gateway.idempotency.max-memory to at least 84MB");
        });
    }
}
