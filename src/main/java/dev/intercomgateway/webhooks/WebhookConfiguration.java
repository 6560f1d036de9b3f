package dev.intercomgateway.webhooks;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ClientSecrets.class, WebhookProperties.class})
public class WebhookConfiguration {
}
