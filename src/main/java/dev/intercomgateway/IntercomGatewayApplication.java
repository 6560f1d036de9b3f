package dev.intercomgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class IntercomGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntercomGatewayApplication.class, args);
    }
}
