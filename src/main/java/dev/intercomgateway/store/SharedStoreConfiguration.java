package dev.intercomgateway.store;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
public class SharedStoreConfiguration {

    /** {@link SharedStore#LOCAL} unless {@value SharedStore#PROPERTY} says otherwise (relaxed binding: {@code redis}, {@code REDIS}). */
    @Bean
    SharedStore sharedStore(Environment environment) {
        return Binder.get(environment).bind(SharedStore.PROPERTY, SharedStore.class).orElse(SharedStore.LOCAL);
    }
}
