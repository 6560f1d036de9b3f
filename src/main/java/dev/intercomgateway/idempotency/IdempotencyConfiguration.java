package dev.intercomgateway.idempotency;

import io.micrometer.core.instrument.MeterRegistry;

import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.web.ErrorListWriter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyConfiguration {

    /** In Redis when the rate budget is shared there (so a repeat reaching another replica is replayed too), else in memory. */
    @Bean
    IdempotencyStore idempotencyStore(IdempotencyProperties properties, IntercomProperties intercom,
            ObjectProvider<StringRedisTemplate> redis) {
        boolean shared = intercom.rateLimit().store() == IntercomProperties.RateLimit.Store.REDIS;
        if (shared) {
            return new RedisIdempotencyStore(redis.getObject(), properties.ttl(), properties.lease(), properties.concurrentWait(),
                    properties.callerQuota().toBytes());
        }
        // A MeterBinder: Spring Boot binds its gauges to the registry.
        return new LocalIdempotencyStore(properties.ttl(), properties.callerQuota(), properties.maxMemory());
    }

    /**
     * After the body-size limit (a huge body is refused before it is read for its fingerprint) and
     * after Spring Security: only an authenticated, authorized request may be answered from the
     * store, and keys are kept per caller.
     */
    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore idempotencyStore, IdempotencyProperties properties,
            MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new IdempotencyFilter(idempotencyStore, properties, meters));
        registration.addUrlPatterns("/api/*", ErrorListWriter.PASSTHROUGH_PREFIX + "/*");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }
}
