package dev.intercomgateway.passthrough;

import io.micrometer.core.instrument.MeterRegistry;

import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.security.SecurityConfiguration.CallerAuthenticationManager;
import dev.intercomgateway.web.ErrorListWriter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassthroughProperties.class)
class PassthroughConfiguration {

    /** After authentication, before the idempotency filter: a replay is only for a caller allowed to make the call now. */
    @Bean
    FilterRegistrationBean<PassthroughAuthorization> passthroughAuthorization(PassthroughProperties properties,
            CallerAuthenticationManager callers, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new PassthroughAuthorization(properties, callers, meters));
        registration.addUrlPatterns(ErrorListWriter.PASSTHROUGH_PREFIX + "/*");
        registration.setOrder(SecurityConfiguration.AUTHORIZATION_FILTER_ORDER);
        return registration;
    }

    @Bean(destroyMethod = "close")
    StallWatch passthroughStallWatch(PassthroughProperties properties, MeterRegistry meters) {
        return new StallWatch(properties.stallTimeout(), meters);
    }
}
