package dev.intercomgateway.contract;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Test-only: every application context started by a test checks the gateway's traffic with
 * Intercom (the real-Intercom double or the sandbox) against Intercom's description.
 */
@AutoConfiguration
public class ContractCheckAutoConfiguration {

    @Bean
    static BeanPostProcessor intercomContractCheck() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof WebClient webClient && beanName.equals("intercomWebClient")) {
                    return webClient.mutate().filter(new ContractCheckFilter()).build();
                }
                return bean;
            }
        };
    }
}
