package dev.intercomgateway.security;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Two pieces of Spring Security the gateway does not want on every request (each was a visible
 * share of a request's CPU in the profile recorded in docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
class SecurityHotPath {

    /** Registers the hook that copies the caller's request and authentication into every Reactor subscription. */
    static final String REACTOR_CONTEXT_HOOK = "securityReactorContextSubscriberRegistrar";

    /**
     * No observation per security filter, authentication and authorization: the request-level
     * {@code http.server.requests} timer and the audit log already tell ops what they need.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security adds that hook when WebClient and the resource server are both present, so that a
     * WebClient filter could relay the caller's token. The gateway must never send a caller's
     * credentials to Intercom, so it drops the hook (and its cost on every Intercom call).
     */
    @Bean
    static BeanDefinitionRegistryPostProcessor withoutCallerContextInReactor() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                if (registry.containsBeanDefinition(REACTOR_CONTEXT_HOOK)) {
                    registry.removeBeanDefinition(REACTOR_CONTEXT_HOOK);
                }
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            }
        };
    }
}
