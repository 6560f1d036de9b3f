package bench.scg;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Spring Cloud Gateway doing what a platform team would configure it to do in front of Intercom:
 * GET /api/v1/users/{id} to Intercom's GET /contacts/{id}, with the token and version headers set.
 */
@SpringBootApplication
public class ScgPeer {

    public static void main(String[] args) {
        SpringApplication.run(ScgPeer.class, args);
    }

    @Bean
    RouteLocator routes(RouteLocatorBuilder builder,
                        @Value("${peer.upstream}") String upstream,
                        @Value("${peer.token}") String token,
                        @Value("${peer.intercom-version:2.16}") String version) {
        return builder.routes()
                .route("user-by-id", route -> route
                        .method("GET").and().path("/api/v1/users/{id}")
                        .filters(filter -> filter
                                .setPath("/contacts/{id}")
                                .removeRequestHeader("Authorization")
                                .setRequestHeader("Authorization", "Bearer " + token)
                                .setRequestHeader("Intercom-Version", version)
                                .setRequestHeader("Accept", "application/json"))
                        .uri(upstream))
                .build();
    }
}
