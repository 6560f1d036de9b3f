package dev.intercomgateway.idempotency;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyConfiguration {

    @Bean
    IdempotencyStore idempotencyStore(IdempotencyProperties properties) {
        return new LocalIdempotencyStore(properties.ttl(), properties.maxEntries());
    }

    /** After the body-size limit, so that a huge body is refused before it is read for its fingerprint. */
    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore idempotencyStore, IdempotencyProperties properties,
            MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new IdempotencyFilter(idempotencyStore, properties.concurrentWait(), meters));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
