package dev.intercomgateway.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.IntercomEndpoint;
import dev.intercomgateway.intercom.SandboxMode;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
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
    SandboxServer sandboxServer(SandboxStore sandboxStore, SandboxProperties properties, SandboxWebhooks sandboxWebhooks) {
        return new SandboxServer(sandboxStore, properties, Clock.systemUTC(), sandboxWebhooks);
    }

    /** Signs with the first configured client secret (or the one generated below), as Intercom signs with the app's. */
    @Bean(destroyMethod = "close")
    SandboxWebhooks sandboxWebhooks(Environment environment) {
        List<String> secrets = Binder.get(environment).bind(CLIENT_SECRET, Bindable.listOf(String.class)).orElse(List.of());
        return new SandboxWebhooks(secrets.isEmpty() ? null : secrets.getFirst(), Clock.systemUTC());
    }

    static final String CLIENT_SECRET = "intercom.client-secret";

    /**
     * With no client secret configured, the sandbox makes one up at each start, so that its webhooks
     * reach the gateway's intake (which is off without a secret) and the whole loop works with no
     * Intercom account. A bean factory post-processor: it runs before any configuration is bound.
     */
    @Bean
    static BeanFactoryPostProcessor sandboxClientSecret(Environment environment) {
        return beanFactory -> {
            List<String> configured = Binder.get(environment).bind(CLIENT_SECRET, Bindable.listOf(String.class)).orElse(List.of());
            if (configured.stream().allMatch(String::isBlank) && environment instanceof ConfigurableEnvironment configurable) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                configurable.getPropertySources().addFirst(new MapPropertySource("sandboxClientSecret",
                        Map.of(CLIENT_SECRET, "sandbox-" + HexFormat.of().formatHex(secret))));
            }
        };
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
