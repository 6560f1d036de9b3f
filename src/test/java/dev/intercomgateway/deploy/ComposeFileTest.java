package dev.intercomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** docker-compose.yml agrees with the application's configuration: ports, env names, health checks, scrape target. */
class ComposeFileTest {

    static final String SERVICE = "intercom-gateway";

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String path) throws IOException {
        return new Yaml().load(Files.readString(Path.of(path)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static Object at(Map<String, Object> root, String dottedPath) {
        Object node = root;
        for (String key : dottedPath.split("\\.")) {
            node = node == null ? null : map(node).get(key);
        }
        return node;
    }

    @Test
    void portsAndHealthCheckMatchTheApplication() throws IOException {
        Map<String, Object> application = yaml("src/main/resources/application.yml");
        Map<String, Object> gateway = map(at(yaml("docker-compose.yml"), "services." + SERVICE));
        int apiPort = (Integer) at(application, "server.port");
        int managementPort = (Integer) at(application, "management.server.port");

        assertThat((List<String>) gateway.get("ports")).containsExactlyInAnyOrder("127.0.0.1:" + apiPort + ":" + apiPort,
                "127.0.0.1:" + managementPort + ":" + managementPort);
        assertThat(String.join(" ", (List<String>) map(gateway.get("healthcheck")).get("test")))
                .contains("/dev/tcp/127.0.0.1/" + managementPort).contains("GET /actuator/health/readiness HTTP/1.1");
        assertThat(at(gateway, "depends_on.redis.condition")).isEqualTo("service_healthy");
        assertThat(gateway.get("stop_grace_period")).as("longer than Spring's shutdown phase").isEqualTo("30s");
    }

    /**
     * What each image this stack runs contains, as read from the images (their Dockerfiles and
     * `docker run IMAGE ls /usr/bin /bin`). A new image, or a new tool in a command, must be added
     * here after checking the image: a health check that calls a missing tool never turns healthy,
     * and everything that waits for it never starts.
     */
    static final Map<String, Set<String>> TOOLS_BY_IMAGE = Map.of(
            // Ubuntu noble with a JRE: bash, coreutils, grep; no curl, no wget
            "eclipse-temurin:25.0.3_9-jre-noble", Set.of("java", "bash", "sh", "grep", "head", "cat", "printf"),
            "redis:7.4.2-alpine", Set.of("redis-server", "redis-cli", "sh", "wget"),
            // busybox-based
            "prom/prometheus:v3.1.0", Set.of("prometheus", "promtool", "sh", "wget"),
            // Jaeger 2's images are built on Alpine (busybox)
            "jaegertracing/jaeger:2.5.0", Set.of("sh", "wget"),
            "grafana/grafana:11.4.0", Set.of("grafana", "grafana-server", "sh", "wget", "curl"));
    static final Set<String> SHELL_BUILTINS = Set.of("exec", "exit", "printf", "echo", "test", "[", "read", "true", "false");

    @Test
    void healthChecksAndCommandsUseOnlyToolsTheirImagesContain() throws IOException {
        Map<String, Object> services = map(at(yaml("docker-compose.yml"), "services"));
        for (var entry : services.entrySet()) {
            Map<String, Object> service = map(entry.getValue());
            String image = entry.getKey().equals(SERVICE) ? runStageImage() : (String) service.get("image");
            assertThat(TOOLS_BY_IMAGE).as(entry.getKey() + " runs " + image + ": list what it contains in TOOLS_BY_IMAGE").containsKey(image);
            List<List<String>> commands = new java.util.ArrayList<>();
            if (service.get("healthcheck") != null) {
                commands.add((List<String>) map(service.get("healthcheck")).get("test"));
            }
            if (service.get("command") instanceof List<?> command && !command.isEmpty()) {
                commands.add((List<String>) command);
            }
            for (List<String> command : commands) {
                for (String tool : toolsCalledBy(command)) {
                    assertThat(TOOLS_BY_IMAGE.get(image)).as(entry.getKey() + " calls " + tool + ", which " + image + " lacks").contains(tool);
                }
            }
        }
    }

    @Test
    void theToolCheckCatchesCurlInTheJreImage() {
        assertThat(toolsCalledBy(List.of("CMD-SHELL", "curl -fsS http://localhost:8081/ || exit 1"))).contains("curl");
        assertThat(TOOLS_BY_IMAGE.get("eclipse-temurin:25.0.3_9-jre-noble")).doesNotContain("curl", "wget");
    }

    /** The image of the Dockerfile's last stage: what the compose service's container runs. */
    static String runStageImage() throws IOException {
        List<String> froms = Files.readAllLines(Path.of("Dockerfile")).stream().filter(line -> line.startsWith("FROM ")).toList();
        return froms.getLast().split("\\s+")[1];
    }

    /** The executables a compose command runs: its program, and for a shell, each command of the script. */
    static Set<String> toolsCalledBy(List<String> command) {
        Set<String> tools = new java.util.LinkedHashSet<>();
        List<String> words = command.getFirst().equals("CMD-SHELL") ? List.of("sh", "-c", command.get(1))
                : command.getFirst().equals("CMD") ? command.subList(1, command.size()) : command;
        tools.add(words.getFirst());
        if ((words.getFirst().equals("sh") || words.getFirst().equals("bash")) && words.size() > 2 && words.get(1).equals("-c")) {
            for (String segment : words.get(2).split("&&|\\|\\||\\||;")) {
                String[] parts = segment.trim().split("\\s+");
                if (parts.length > 0 && !parts[0].isEmpty() && !SHELL_BUILTINS.contains(parts[0])) {
                    tools.add(parts[0]);
                }
            }
        }
        return tools;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPortIsPublishedOnLoopbackOnly() throws IOException {
        Map<String, Object> services = map(at(yaml("docker-compose.yml"), "services"));
        List<String> published = new java.util.ArrayList<>();
        services.values().forEach(service -> published.addAll((List<String>) map(service).getOrDefault("ports", List.of())));

        assertThat(published).hasSizeGreaterThanOrEqualTo(4).allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"))
                .anySatisfy(port -> assertThat(port).endsWith(":3000")).anySatisfy(port -> assertThat(port).endsWith(":9090"));
    }

    @Test
    void grafanaHasNoDefaultAdminPasswordAndAnonymousUsersOnlyView() throws IOException {
        Map<String, Object> environment = map(at(yaml("docker-compose.yml"), "services.grafana.environment"));

        assertThat((String) environment.get("GF_SECURITY_ADMIN_PASSWORD")).as("compose refuses to start without a password")
                .matches("\\$\\{GRAFANA_ADMIN_PASSWORD:\\?[^}]+}");
        assertThat(environment).doesNotContainKey("GF_SECURITY_ADMIN_USER").containsEntry("GF_USERS_ALLOW_SIGN_UP", "false");
        if ("true".equals(environment.get("GF_AUTH_ANONYMOUS_ENABLED"))) {
            assertThat(environment).containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        }
        assertThat(Files.readString(Path.of("docker-compose.yml"))).doesNotContain("admin / admin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void redisIsBoundedBelowItsMemoryLimitAndNeverEvicts() throws IOException {
        Map<String, Object> redis = map(at(yaml("docker-compose.yml"), "services.redis"));
        List<String> command = (List<String>) redis.get("command");

        long limit = bytes((String) at(redis, "deploy.resources.limits.memory"));
        long maxmemory = bytes(command.get(command.indexOf("--maxmemory") + 1));
        assertThat(maxmemory).isPositive().isLessThanOrEqualTo(limit * 80 / 100);
        assertThat(command).containsSequence("--maxmemory-policy", "noeviction");
    }

    /** Sizes as compose (128M) and Redis (96mb) write them. */
    private static long bytes(String size) {
        var matcher = java.util.regex.Pattern.compile("(?i)(\\d+)([kmg]?)b?").matcher(size);
        assertThat(matcher.matches()).as(size).isTrue();
        long unit = switch (matcher.group(2).toLowerCase()) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(matcher.group(1)) * unit;
    }

    @Test
    void startOrderWaitsForHealthyDependencies() throws IOException {
        Map<String, Object> services = map(at(yaml("docker-compose.yml"), "services"));

        assertThat(services).containsKeys(SERVICE, "redis", "prometheus", "grafana");
        for (String name : services.keySet()) {
            assertThat(map(services.get(name))).as(name + " has a health check or is the last in line")
                    .satisfiesAnyOf(service -> assertThat(service).containsKey("healthcheck"), service -> assertThat(name).isEqualTo("grafana"));
        }
        assertThat(at(map(services.get("prometheus")), "depends_on." + SERVICE + ".condition")).isEqualTo("service_healthy");
        assertThat(at(map(services.get("grafana")), "depends_on.prometheus.condition")).isEqualTo("service_healthy");
    }

    @Test
    void environmentNamesAreRealConfigurationKeys() throws IOException {
        Set<String> known = new HashSet<>();
        flatten("", yaml("src/main/resources/application.yml"), known);
        known.add("gateway.clients[0].name");
        known.add("gateway.clients[0].key-sha256");
        known.add("gateway.clients[0].scopes");
        // Spring Boot's own, named in application.yml's comments: absent there, since an empty value would count as set
        known.add(OTLP_ENDPOINT);

        Map<String, Object> environment = map(at(yaml("docker-compose.yml"), "services." + SERVICE + ".environment"));
        assertThat(environment).containsEntry("INTERCOM_RATELIMIT_STORE", "redis").containsEntry("SPRING_DATA_REDIS_HOST", "redis");
        environment.keySet().forEach(name -> assertThat(bindsTo(name, known)).as(name + " binds to a configuration key").isTrue());

        for (String line : Files.readAllLines(Path.of(".env.example"))) {
            String setting = line.startsWith("# GATEWAY_CLIENTS_0_") ? line.substring(2) : line;
            if (!setting.isBlank() && !setting.startsWith("#")) {
                String name = setting.substring(0, setting.indexOf('='));
                assertThat(bindsTo(name, known)).as(".env.example's " + name + " binds to a configuration key").isTrue();
            }
        }
        assertThat(Files.readString(Path.of(".gitignore"))).contains(".env");
    }

    /** Asks Spring Boot's own relaxed binding whether the environment variable sets one of the keys. */
    private static boolean bindsTo(String environmentVariable, Set<String> keys) {
        var source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(environmentVariable, "value"));
        Binder binder = new Binder(ConfigurationPropertySources.from(source));
        return keys.stream().filter(ConfigurationPropertyName::isValid).anyMatch(key -> binder.bind(key, String.class).isBound());
    }

    @Test
    void prometheusScrapesTheManagementPortAndGrafanaGetsTheDashboard() throws IOException {
        Map<String, Object> application = yaml("src/main/resources/application.yml");
        Map<String, Object> scrape = map(((List<Object>) at(yaml("deploy/prometheus/prometheus.yml"), "scrape_configs")).getFirst());

        assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat((List<String>) map(((List<Object>) scrape.get("static_configs")).getFirst()).get("targets"))
                .containsExactly(SERVICE + ":" + at(application, "management.server.port"));
        assertThat((String) at(application, "management.endpoints.web.exposure.include")).contains("prometheus");

        List<String> grafanaVolumes = (List<String>) at(yaml("docker-compose.yml"), "services.grafana.volumes");
        String dashboardsPath = (String) at(map(((List<Object>) at(yaml("deploy/grafana/provisioning/dashboards/intercom-gateway.yml"),
                "providers")).getFirst()), "options.path");
        assertThat(grafanaVolumes).contains("./deploy/grafana/dashboards:" + dashboardsPath + ":ro");
        assertThat(Path.of("deploy/grafana/dashboards/intercom-gateway.json")).isRegularFile();
    }

    static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Test
    @SuppressWarnings("unchecked")
    void theGatewaySendsItsTracesToJaegerWhichGrafanaReads() throws IOException {
        Map<String, Object> compose = yaml("docker-compose.yml");
        Map<String, Object> environment = map(at(compose, "services." + SERVICE + ".environment"));
        String endpoint = (String) environment.get("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT");

        assertThat(bindsTo("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", Set.of(OTLP_ENDPOINT))).isTrue();
        assertThat(endpoint).as("OTLP over HTTP (the exporter's default transport) to the jaeger service")
                .isEqualTo("http://jaeger:4318/v1/traces");
        assertThat(at(compose, "services.jaeger.image")).asString().startsWith("jaegertracing/jaeger:2.");
        assertThat(at(compose, "services." + SERVICE + ".depends_on.jaeger.condition")).isEqualTo("service_healthy");
        assertThat((List<String>) at(compose, "services.grafana.volumes"))
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");

        Map<String, Object> datasource = map(((List<Object>) at(yaml("deploy/grafana/provisioning/datasources/jaeger.yml"), "datasources"))
                .getFirst());
        assertThat(datasource).containsEntry("type", "jaeger").containsEntry("url", "http://jaeger:16686");
        assertThat((List<String>) at(compose, "services.jaeger.ports")).containsExactly("127.0.0.1:16686:16686");
    }

    /** Unset, no exporter: the application's own configuration leaves the endpoint out (an empty value would turn it on). */
    @Test
    void theApplicationExportsNoTracesUnlessAnEndpointIsGiven() throws IOException {
        Set<String> keys = new HashSet<>();
        flatten("", yaml("src/main/resources/application.yml"), keys);
        assertThat(keys).doesNotContain(OTLP_ENDPOINT).noneMatch(key -> key.startsWith("management.otlp"));
    }

    private static void flatten(String prefix, Map<String, Object> node, Set<String> keys) {
        node.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            keys.add(path);
            if (value instanceof Map<?, ?> child) {
                flatten(path, map(child), keys);
            }
        });
    }
}
