package dev.intercomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

import dev.intercomgateway.DockerEngine;

/**
 * Where a Docker engine runs: the image built from the Dockerfile becomes ready, and so does the
 * compose stack, with the health checks it declares (so a check calling a tool the image lacks
 * fails here). Machines without an engine rely on {@link ComposeFileTest} and {@link DockerfileRunPathIT}.
 */
@EnabledIf("dockerAvailable")
class ContainerReadinessIT {

    static boolean dockerAvailable() {
        return DockerEngine.available();
    }

    @Test
    void theBuiltImageBecomesReadyOnTheSandbox() throws Exception {
        var image = new ImageFromDockerfile("intercom-gateway-it", true).withFileFromPath(".", Path.of("."));
        try (GenericContainer<?> service = new GenericContainer<>(image)
                .withExposedPorts(8080, 8081)
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(8081).withStartupTimeout(Duration.ofMinutes(3)))) {
            service.start();
            HttpResponse<String> users = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + service.getHost() + ":" + service.getMappedPort(8080) + "/api/v1/users")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theComposeStackComesUpHealthy() {
        try (ComposeContainer stack = new ComposeContainer(new File("docker-compose.yml"))
                .withBuild(true)
                .withEnv("GRAFANA_ADMIN_PASSWORD", java.util.UUID.randomUUID().toString())
                .waitingFor("intercom-gateway", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)))
                .waitingFor("prometheus", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(2)))) {
            stack.start();
            assertThat(stack.getContainerByServiceName("grafana")).isPresent();
        }
    }
}
