package dev.intercomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests do, so this performs the image's run path itself: the
 * Dockerfile's layered extraction of the built jar, its COPY of the layers into one directory, and
 * its ENTRYPOINT, with the same command lines read from the Dockerfile; then waits for the app to
 * report ready on the management port.
 */
class DockerfileRunPathIT {

    static final Path DOCKERFILE = Path.of("Dockerfile");
    static final Path JAR = Path.of("target", "intercom-gateway.jar");

    @Test
    void theImagesExtractionAndEntrypointBringTheServiceUpHealthy() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Path work = Path.of("target", "docker-run-path");
        deleteRecursively(work);
        Files.createDirectories(work);

        // 1. RUN java -Djarmode=tools -jar target/intercom-gateway.jar extract ... --destination target/extracted
        Matcher extract = Pattern.compile("RUN (java -Djarmode=tools -jar (\\S+) extract [^\\n]*--destination (\\S+))").matcher(dockerfile);
        assertThat(extract.find()).as("the Dockerfile extracts the jar's layers").isTrue();
        assertThat(Path.of(extract.group(2))).isEqualTo(JAR);
        List<String> extractCommand = new ArrayList<>(List.of(extract.group(1).split(" ")));
        extractCommand.set(0, javaBinary());
        int destination = extractCommand.indexOf("--destination");
        extractCommand.set(destination + 1, work.resolve("extracted").toString());
        run(extractCommand, Path.of("."), Map.of());

        // 2. COPY --from=build /workspace/target/extracted/<layer>/ ./   (in the Dockerfile's order)
        Matcher copy = Pattern.compile("COPY --from=build /workspace/target/extracted/([a-z-]+)/ \\./").matcher(dockerfile);
        Path app = work.resolve("app");
        List<String> layers = new ArrayList<>();
        while (copy.find()) {
            layers.add(copy.group(1));
            Path layer = work.resolve("extracted").resolve(copy.group(1));
            assertThat(layer).as("layer %s exists in the extraction", copy.group(1)).isDirectory();
            copyTree(layer, app);
        }
        assertThat(layers).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
        try (Stream<Path> extracted = Files.list(work.resolve("extracted"))) {
            assertThat(extracted.map(path -> path.getFileName().toString())).as("every extracted layer is copied")
                    .containsExactlyInAnyOrderElementsOf(layers);
        }

        Matcher toolOptions = Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(toolOptions.find()).isTrue();

        // 3. RUN java -XX:AOTCacheOutput=... (the training run in the final stage), in WORKDIR /app
        Matcher training = Pattern.compile("RUN (java -XX:AOTCacheOutput=(\\S+) [^\\n]*)").matcher(dockerfile);
        if (training.find()) {
            List<String> trainingCommand = new ArrayList<>(List.of(training.group(1).split(" ")));
            trainingCommand.set(0, javaBinary());
            run(trainingCommand, app, Map.of("JAVA_TOOL_OPTIONS", toolOptions.group(1)));
            assertThat(app.resolve(training.group(2))).as("the AOT cache the ENTRYPOINT uses").isRegularFile();
        }

        // 4. ENTRYPOINT ["java", ...] run in WORKDIR /app, with the image's JAVA_TOOL_OPTIONS
        Matcher entrypoint = Pattern.compile("ENTRYPOINT (\\[.*])").matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        List<String> command = new ArrayList<>(List.of(JsonMapper.builder().build().readValue(entrypoint.group(1), String[].class)));
        assertThat(command.getFirst()).isEqualTo("java");
        command.set(0, javaBinary());
        int apiPort = freePort();
        int managementPort = freePort();
        ProcessBuilder service = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        service.environment().put("JAVA_TOOL_OPTIONS", toolOptions.group(1));
        service.environment().put("SERVER_PORT", String.valueOf(apiPort));
        service.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        service.environment().remove("INTERCOM_ACCESS_TOKEN");
        Process process = service.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int readiness = -1;
            while (System.nanoTime() < deadline && process.isAlive()) {
                readiness = status(http, "http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
                if (readiness == 200) {
                    break;
                }
                Thread.sleep(250);
            }
            if (readiness != 200) {
                String log = Files.readString(work.resolve("service.log"));
                assertThat(readiness).as("readiness of the extracted app (alive: %s); end of its log:%n%s", process.isAlive(),
                        log.substring(Math.max(0, log.length() - 4_000))).isEqualTo(200);
            }
            assertThat(status(http, "http://127.0.0.1:" + managementPort + "/actuator/health")).isEqualTo(200);
            assertThat(status(http, "http://127.0.0.1:" + apiPort + "/api/v1/admins")).isEqualTo(200);
            String log = Files.readString(work.resolve("service.log"));
            assertThat(log).contains("Picked up JAVA_TOOL_OPTIONS: " + toolOptions.group(1));
            assertThat(log).as("the JVM took the AOT cache without complaint").doesNotContain("][aot]");
            assertThat(log).as("JAVA_TOOL_OPTIONS grants Netty native access (JEP 472)").doesNotContain("WARNING: A restricted method");
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void run(List<String> command, Path directory, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
