package dev.intercomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The one shared-store choice is read from the property users set, in every form they set it. */
class SharedStoreConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(SharedStoreConfiguration.class);

    @Test
    void localUnlessSaidOtherwise() {
        runner.run(context -> assertThat(context.getBean(SharedStore.class)).isEqualTo(SharedStore.LOCAL));
    }

    @Test
    void theDocumentedPropertyChoosesRedis() {
        runner.withPropertyValues("intercom.rate-limit.store=redis")
                .run(context -> assertThat(context.getBean(SharedStore.class)).isEqualTo(SharedStore.REDIS));
    }

    @Test
    void theEnvironmentVariableOfComposeAndTheChartChoosesRedis() {
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("INTERCOM_RATELIMIT_STORE", "redis")));
        new ApplicationContextRunner(() -> {
            var context = new AnnotationConfigApplicationContext();
            context.setEnvironment(environment);
            return context;
        }).withUserConfiguration(SharedStoreConfiguration.class)
                .run(context -> assertThat(context.getBean(SharedStore.class)).isEqualTo(SharedStore.REDIS));
    }
}
