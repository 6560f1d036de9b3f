package dev.intercomgateway.idempotency;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.security.GatewayClients;
import dev.intercomgateway.store.SharedStore;
import dev.intercomgateway.web.ErrorListWriter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    /**
     * In the shared store: in Redis when it is Redis (so a repeat reaching another replica is replayed
     * too), else in memory, where each caller's quota is sized so that all callers fit in max-memory.
     */
    @Bean
    IdempotencyStore idempotencyStore(IdempotencyProperties properties, SharedStore store,
            ObjectProvider<StringRedisTemplate> redis, GatewayClients clients) {
        if (store == SharedStore.REDIS) {
            return new RedisIdempotencyStore(redis.getObject(), properties.ttl(), properties.lease(), properties.concurrentWait(),
                    properties.callerQuota().toBytes());
        }
        int callers = clients.clients().size();
        DataSize quota = properties.effectiveCallerQuota(callers);
        if (quota.compareTo(properties.callerQuota()) < 0) {
            log.warn("gateway.idempotency.max-memory={} holds caller-quota={} for fewer than the {} API-key callers + 1 (JWT and anonymous "
                    + "callers together): each caller's quota is {} bytes; set max-memory to {} to keep caller-quota",
                    IdempotencyProperties.megabytes(properties.maxMemory().toBytes()),
                    IdempotencyProperties.megabytes(properties.callerQuota().toBytes()), callers, quota.toBytes(),
                    IdempotencyProperties.megabytes((callers + 1L) * properties.callerQuota().toBytes()));
        } else {
            log.info("Idempotency outcomes in memory: {} bytes per caller for {} API-key callers + 1 (JWT and anonymous callers "
                    + "together), max-memory {}", quota.toBytes(), callers, IdempotencyProperties.megabytes(properties.maxMemory().toBytes()));
        }
        // A MeterBinder: Spring Boot binds its gauges to the registry.
        return new LocalIdempotencyStore(properties.ttl(), quota, properties.maxMemory());
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
