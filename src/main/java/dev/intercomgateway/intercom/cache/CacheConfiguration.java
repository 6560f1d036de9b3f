package dev.intercomgateway.intercom.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.store.SharedStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The read cache: in Redis with the shared store, else in memory; its TTL long only when webhooks keep it fresh. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
public class CacheConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);

    /** The read cache learns from here whether the caller asked for a fresh read (Cache-Control: no-cache). */
    @Bean
    FilterRegistrationBean<CacheDirectivesFilter> cacheDirectivesFilter() {
        var registration = new FilterRegistrationBean<>(new CacheDirectivesFilter());
        registration.addUrlPatterns("/api/*", "/intercom/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    ReadCache readCache(CacheProperties properties, IntercomProperties intercom, Environment environment,
            ObjectProvider<StringRedisTemplate> redis, MeterRegistry meters) {
        // the webhook intake's own setting (intercom.client-secret): with it, Intercom's notifications invalidate entries
        boolean webhooks = !Binder.get(environment).bind("intercom.client-secret", Bindable.listOf(String.class)).orElse(List.of()).stream()
                .allMatch(String::isBlank);
        Duration ttl = properties.ttl(webhooks);
        // a mark outlives every entry it guards and every load that read it
        Duration markTtl = ttl.plus(intercom.responseTimeout()).plus(Duration.ofMinutes(1));
        boolean shared = intercom.rateLimit().store() == SharedStore.REDIS;
        AnswerStore store = shared
                ? new RedisAnswerStore(redis.getObject(), markTtl)
                : new LocalAnswerStore(properties.maxMemory().toBytes(), ttl, markTtl);
        if (properties.enabled()) {
            log.info("Read cache on: {} store, contacts and conversations served for {} ({}), teams, tags and admins for {}",
                    shared ? "Redis" : "local", ttl,
                    webhooks ? "webhooks invalidate changes made in Intercom" : "no webhooks: changes made in Intercom show after that",
                    properties.ttl());
        }
        // teams, tags and admin profiles: no webhook announces their changes, so they keep the short TTL
        return new ReadCache(store, properties.enabled(), ttl, properties.ttl(), properties.maxEntrySize().toBytes(), Clock.systemUTC(), meters);
    }
}
