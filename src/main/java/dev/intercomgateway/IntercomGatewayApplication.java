package dev.intercomgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IntercomGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntercomGatewayApplication.class, args);
    }
}
