package dev.intercomgateway.passthrough;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassthroughProperties.class)
class PassthroughConfiguration {
}
