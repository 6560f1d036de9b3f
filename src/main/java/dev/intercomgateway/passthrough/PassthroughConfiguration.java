package dev.intercomgateway.passthrough;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassthroughProperties.class)
class PassthroughConfiguration {

    @Bean(destroyMethod = "close")
    StallWatch passthroughStallWatch(PassthroughProperties properties, MeterRegistry meters) {
        return new StallWatch(properties.stallTimeout(), meters);
    }
}
