package dev.intercomgateway.sandbox;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.IntercomEndpoint;
import dev.intercomgateway.sandbox.SandboxMode;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Starts the built-in sandbox and points the gateway at it, when no Intercom token or base URL is configured. */
@Configuration(proxyBeanMethods = false)
@Conditional(SandboxMode.On.class)
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean
    SandboxStore sandboxStore(SandboxProperties properties) {
        SandboxStore store = new SandboxStore(Clock.systemUTC());
        if (properties.seed()) {
            SandboxSeed.load(store);
        }
        return store;
    }

    @Bean(destroyMethod = "stop")
    SandboxServer sandboxServer(SandboxStore sandboxStore, SandboxProperties properties) {
        return new SandboxServer(sandboxStore, properties, Clock.systemUTC());
    }

    @Bean
    FilterRegistrationBean<SandboxModeHeaderFilter> sandboxModeHeader() {
        var registration = new FilterRegistrationBean<>(new SandboxModeHeaderFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    IntercomEndpoint sandboxIntercomEndpoint(SandboxServer sandboxServer) {
        log.warn("SANDBOX MODE: no intercom.access-token (INTERCOM_ACCESS_TOKEN) configured, so the gateway serves the built-in "
                + "in-memory Intercom sandbox at {} with demo data; nothing reaches the real Intercom", sandboxServer.baseUrl());
        return new IntercomEndpoint(sandboxServer.baseUrl(), sandboxServer.accessToken(), true);
    }
}
