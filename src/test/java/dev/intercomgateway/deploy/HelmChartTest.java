package dev.intercomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.yaml.snakeyaml.Yaml;

/** The Helm chart, linted and rendered with Helm itself (helm-java), and its manifests checked against the application. */
class HelmChartTest {

    static final Path CHART = Path.of("helm", "intercom-gateway");
    static final String TOKEN = "chart-test-intercom-token-7";

    private static Helm helm() {
        return new Helm(CHART);
    }

    static final String REDIS_PASSWORD = "chart-test-redis-password";

    /**
     * Renders like `helm template`, except that helm-java's template runs Helm's lookup against a cluster
     * (and fails without one) where `helm template` finds nothing: so every render here gives the bundled
     * Redis's password unless it tests where the password comes from. The lookup itself is tested with a
     * fake API server below.
     */
    private static String renderText(Map<String, Object> values) {
        var template = helm().template().withName("gw");
        if (!values.containsKey("redis.password") && !values.containsKey("redis.existingSecret")) {
            template.set("redis.password", REDIS_PASSWORD);
        }
        values.forEach(template::set);
        return template.call();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(Map<String, Object> values) {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml().loadAll(renderText(values))) {
            if (document != null) {
                manifests.add((Map<String, Object>) document);
            }
        }
        return manifests;
    }

    private static Map<String, Object> kind(List<Map<String, Object>> manifests, String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            node = key.matches("\\d+") ? ((List<Object>) node).get(Integer.parseInt(key)) : ((Map<String, Object>) node).get(key);
        }
        return (T) node;
    }

    @Test
    void lintPasses() {
        LintResult lint = helm().lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    /** What an operator gives at the least: a token. */
    static final Map<String, Object> WITH_TOKEN = Map.of("intercom.accessToken", TOKEN);

    private static Map<String, Object> with(Map<String, Object> more) {
        var values = new java.util.LinkedHashMap<String, Object>(WITH_TOKEN);
        values.putAll(more);
        return values;
    }

    private static Map<String, Object> named(List<Map<String, Object>> manifests, String kind, String name) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind")) && name.equals(at(m, "metadata.name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    private static Map<String, String> configEnv(List<Map<String, Object>> manifests) {
        return at(named(manifests, "ConfigMap", "gw-intercom-gateway"), "data");
    }

    @Test
    void withoutATokenTheChartRefusesUnlessTheSandboxIsAskedFor() {
        assertThatThrownBy(() -> render(Map.of())).hasMessageContaining("no Intercom token").hasMessageContaining("sandbox=true");
        assertThat(render(Map.of("sandbox", true))).extracting(m -> m.get("kind")).contains("Deployment");
        assertThatThrownBy(() -> render(with(Map.of("sandbox", true)))).hasMessageContaining("choose one");
    }

    @Test
    void moreThanOneReplicaWithoutASharedStoreRefusesToRenderAndSaysWhy() {
        assertThatThrownBy(() -> render(with(Map.of("redis.deploy", false))))
                .hasMessageContaining("6 replicas without a shared store").hasMessageContaining("redis.deploy=true");
        assertThatThrownBy(() -> render(with(Map.of("redis.deploy", false, "autoscaling.enabled", false, "replicaCount", 3))))
                .hasMessageContaining("3 replicas without a shared store");

        List<Map<String, Object>> single = render(with(Map.of("redis.deploy", false, "autoscaling.enabled", false, "replicaCount", 1)));
        assertThat(configEnv(single)).containsEntry("INTERCOM_RATELIMIT_REPLICAS", "1").doesNotContainKey("INTERCOM_RATELIMIT_STORE");
    }

    /** Off by default (no endpoint, no exporter); given an OTLP endpoint, the pods send their traces there. */
    @Test
    void tracesAreExportedOnlyToAGivenOtlpEndpoint() {
        assertThat(configEnv(render(WITH_TOKEN))).doesNotContainKey("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT")
                .allSatisfy((name, value) -> assertThat(name).doesNotContain("OTLP").doesNotContain("OTEL"));

        String collector = "http://otel-collector.observability:4318/v1/traces";
        assertThat(configEnv(render(with(Map.of("tracing.otlpEndpoint", collector)))))
                .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", collector);
        assertThatThrownBy(() -> render(with(Map.of("tracing.otlpEndpoint", "otel-collector:4318"))))
                .as("a URL, not a host and port").hasMessageContaining("otlpEndpoint");
    }

    @Test
    void theDefaultInstallSharesOneBudgetThroughTheRedisItDeploys() {
        List<Map<String, Object>> manifests = render(WITH_TOKEN);

        Map<String, String> env = configEnv(manifests);
        assertThat(env).containsEntry("INTERCOM_RATELIMIT_STORE", "redis").containsEntry("SPRING_DATA_REDIS_HOST", "gw-intercom-gateway-redis")
                .containsEntry("INTERCOM_RATELIMIT_REPLICAS", "6");
        Map<String, Object> redis = named(manifests, "Deployment", "gw-intercom-gateway-redis");
        Map<String, Object> redisContainer = at(redis, "spec.template.spec.containers.0");
        assertThat((List<String>) redisContainer.get("args")).containsSequence("--requirepass", "$(REDIS_PASSWORD)");
        assertThat((String) at(redisContainer, "env.0.valueFrom.secretKeyRef.name")).isEqualTo("gw-intercom-gateway-redis");
        assertThat((List<String>) at(redisContainer, "readinessProbe.exec.command")).containsExactly("redis-cli", "ping");
        assertThat((Object) at(redisContainer, "resources.limits.memory")).isNotNull();
        assertThat((Boolean) at(redisContainer, "securityContext.readOnlyRootFilesystem")).isTrue();
        assertThat((String) at(named(manifests, "Secret", "gw-intercom-gateway-redis"), "data.password")).isNotBlank();
        Map<String, Object> redisPolicy = named(manifests, "NetworkPolicy", "gw-intercom-gateway-redis");
        assertThat((List<String>) at(redisPolicy, "spec.policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat((List<Object>) at(redisPolicy, "spec.egress")).as("Redis calls nobody").isEmpty();

        Map<String, Object> gateway = at(named(manifests, "Deployment", "gw-intercom-gateway"), "spec.template.spec.containers.0");
        assertThat(new Yaml().dump(gateway)).contains("SPRING_DATA_REDIS_PASSWORD").contains("gw-intercom-gateway-redis");
    }

    @Test
    void anExternalRedisTakesHostPortPasswordSecretAndTls() {
        List<Map<String, Object>> manifests = render(with(Map.of("redis.external.host", "redis.shared.svc", "redis.external.port", 6380,
                "redis.external.existingSecret", "shared-redis", "redis.external.tls", true)));

        assertThat(configEnv(manifests)).containsEntry("SPRING_DATA_REDIS_HOST", "redis.shared.svc")
                .containsEntry("SPRING_DATA_REDIS_PORT", "6380").containsEntry("SPRING_DATA_REDIS_SSL_ENABLED", "true");
        assertThat(manifests).noneMatch(m -> String.valueOf((Object) at(m, "metadata.name")).endsWith("-redis"));
        Map<String, Object> gateway = at(named(manifests, "Deployment", "gw-intercom-gateway"), "spec.template.spec.containers.0");
        assertThat(new Yaml().dump(gateway)).contains("shared-redis");
    }

    @Test
    void aChangedTokenOrConfigurationRollsThePods() {
        Map<String, Object> before = at(named(render(WITH_TOKEN), "Deployment", "gw-intercom-gateway"), "spec.template.metadata.annotations");
        Map<String, Object> newToken = at(named(render(Map.of("intercom.accessToken", TOKEN + "-rotated")), "Deployment", "gw-intercom-gateway"),
                "spec.template.metadata.annotations");
        Map<String, Object> newConfig = at(named(render(with(Map.of("intercom.region", "eu"))), "Deployment", "gw-intercom-gateway"), "spec.template.metadata.annotations");

        assertThat(newToken.get("checksum/secret")).isNotEqualTo(before.get("checksum/secret"));
        assertThat(newConfig.get("checksum/config")).isNotEqualTo(before.get("checksum/config"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void actuatorIsReachableOnlyFromMonitoringAndNeverThroughALoadBalancer() {
        List<Map<String, Object>> manifests = render(with(Map.of("service.type", "LoadBalancer", "networkPolicy.apiNamespaces[0]", "support-tools")));

        Map<String, Object> api = named(manifests, "Service", "gw-intercom-gateway");
        assertThat((List<Map<String, Object>>) at(api, "spec.ports")).extracting(port -> port.get("name")).containsExactly("http");
        Map<String, Object> management = named(manifests, "Service", "gw-intercom-gateway-management");
        assertThat((String) at(management, "spec.type")).isEqualTo("ClusterIP");

        Map<String, Object> policy = named(manifests, "NetworkPolicy", "gw-intercom-gateway");
        assertThat((List<String>) at(policy, "spec.policyTypes")).contains("Ingress", "Egress");
        assertThat((Integer) at(policy, "spec.ingress.0.ports.0.port")).isEqualTo(8080);
        assertThat(new Yaml().dump(at(policy, "spec.ingress.0.from"))).contains("support-tools");
        assertThat((Integer) at(policy, "spec.ingress.1.ports.0.port")).isEqualTo(8081);
        assertThat(new Yaml().dump(at(policy, "spec.ingress.1.from"))).contains("kubernetes.io/metadata.name: monitoring")
                .doesNotContain("podSelector");
    }

    @Test
    void defaultsRenderASecureDeploymentProbingTheManagementPort() throws IOException {
        List<Map<String, Object>> manifests = render(WITH_TOKEN);
        Map<String, Object> application = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
        int managementPort = at(application, "management.server.port");
        int apiPort = at(application, "server.port");

        Map<String, Object> deployment = named(manifests, "Deployment", "gw-intercom-gateway");
        Map<String, Object> container = at(deployment, "spec.template.spec.containers.0");
        assertThat((String) at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat((String) at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "readinessProbe.httpGet.port")).isEqualTo("management");
        assertThat(((List<Map<String, Object>>) container.get("ports")))
                .anySatisfy(port -> assertThat(port).containsEntry("name", "management").containsEntry("containerPort", managementPort))
                .anySatisfy(port -> assertThat(port).containsEntry("name", "http").containsEntry("containerPort", apiPort));

        assertThat((Boolean) at(deployment, "spec.template.spec.securityContext.runAsNonRoot")).isTrue();
        assertThat((String) at(deployment, "spec.template.spec.securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat((Boolean) at(container, "securityContext.readOnlyRootFilesystem")).isTrue();
        assertThat((Boolean) at(container, "securityContext.allowPrivilegeEscalation")).isFalse();
        assertThat((List<String>) at(container, "securityContext.capabilities.drop")).containsExactly("ALL");
        assertThat((String) at(container, "volumeMounts.0.mountPath")).isEqualTo("/tmp");
        assertThat((Integer) at(deployment, "spec.strategy.rollingUpdate.maxUnavailable")).isZero();
        assertThat((Integer) at(deployment, "spec.template.spec.terminationGracePeriodSeconds")).isGreaterThan(20);

        assertThat(manifests).extracting(m -> m.get("kind")).contains("Service", "ConfigMap", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "NetworkPolicy", "Secret").doesNotContain("Ingress", "ServiceMonitor");
    }

    @Test
    void everyOptionalFeatureRendersAndSecretsStayInSecrets() {
        List<Map<String, Object>> manifests = render(Map.of("intercom.accessToken", TOKEN, "ingress.enabled", true,
                "serviceMonitor.enabled", true, "networkPolicy.enabled", true, "redis.deploy", true, "grafanaDashboard.enabled", true,
                "callers.existingSecret", "gw-callers"));

        assertThat(manifests).extracting(m -> m.get("kind")).contains("Secret", "Ingress", "ServiceMonitor", "NetworkPolicy",
                "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        assertThat((String) at(kind(manifests, "ServiceMonitor"), "spec.endpoints.0.path")).isEqualTo("/actuator/prometheus");
        for (Map<String, Object> manifest : manifests) {
            if ("ConfigMap".equals(manifest.get("kind"))) {
                assertThat(new Yaml().dump(manifest)).as("no secret in a ConfigMap").doesNotContain(TOKEN)
                        .doesNotContain(java.util.Base64.getEncoder().encodeToString(TOKEN.getBytes()));
            }
        }
        Map<String, Object> container = at(named(manifests, "Deployment", "gw-intercom-gateway"), "spec.template.spec.containers.0");
        assertThat((String) at(container, "env.0.valueFrom.secretKeyRef.key")).isEqualTo("access-token");
        assertThat(new Yaml().dump(container)).contains("gw-callers");
        assertThat(manifests.stream().filter(m -> "ConfigMap".equals(m.get("kind"))).map(m -> new Yaml().dump(m)))
                .anySatisfy(dump -> assertThat(dump).contains("grafana_dashboard").contains("intercom_upstream_throttled_total"));
    }

    @Test
    void everyRenderedManifestIsATypedKubernetesObjectWithoutUnknownFields() {
        var template = helm().template().withName("gw").set("redis.password", REDIS_PASSWORD);
        Map.<String, Object>of("intercom.accessToken", TOKEN, "ingress.enabled", true, "serviceMonitor.enabled", true,
                "networkPolicy.enabled", true, "redis.deploy", true, "grafanaDashboard.enabled", true,
                "callers.existingSecret", "gw-callers").forEach(template::set);
        List<String> documents = new ArrayList<>();
        for (String document : template.call().split("(?m)^---\\s*$")) {
            if (document.contains("kind:")) {
                documents.add(document);
            }
        }

        assertThat(documents).hasSizeGreaterThanOrEqualTo(10);
        for (String document : documents) {
            HasMetadata resource = Serialization.unmarshal(document, HasMetadata.class);
            assertThat(resource).as(document).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(unknownFields(resource, "")).as("fields the typed model does not know in " + resource.getKind()).isEmpty();
        }
    }

    /** Paths of values that landed in a model's additionalProperties: fields Kubernetes would not know either. */
    private static List<String> unknownFields(Object node, String path) {
        List<String> unknown = new ArrayList<>();
        if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8")) {
            if (node instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    unknown.addAll(unknownFields(list.get(i), path + "[" + i + "]"));
                }
            }
            return unknown;
        }
        for (var method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = method.invoke(node);
                if (method.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    unknown.addAll(unknownFields(value, path + "." + method.getName().substring(3)));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return unknown;
    }

    @Test
    void invalidValuesAreRejectedBySchema() {
        assertThatThrownBy(() -> render(with(Map.of("intercom.region", "mars")))).hasMessageContaining("region");
        assertThatThrownBy(() -> render(with(Map.of("service.managementPort", 70000)))).hasMessageContaining("managementPort");
    }

    @Test
    void chartShipsTheSameDashboardAsCompose() throws IOException {
        assertThat(Files.readString(CHART.resolve("dashboards/intercom-gateway.json")))
                .isEqualTo(Files.readString(Path.of("deploy/grafana/dashboards/intercom-gateway.json")));
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String redisPassword(List<Map<String, Object>> manifests) {
        return new String(java.util.Base64.getDecoder().decode((String) at(named(manifests, "Secret", "gw-intercom-gateway-redis"), "data.password")),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String podAnnotation(List<Map<String, Object>> manifests, String deployment, String annotation) {
        Map<String, Object> annotations = at(named(manifests, "Deployment", deployment), "spec.template.metadata.annotations");
        return (String) annotations.get(annotation);
    }

    /**
     * Install then upgrade with the same values: the Redis password does not change, and nothing else does
     * either (a GitOps tool sees no diff). Without a cluster Helm's lookup finds nothing, so the stable
     * sources a render can use are an explicit redis.password and redis.existingSecret.
     */
    @Test
    void theRedisPasswordIsTheSameAtInstallAndUpgrade() {
        Map<String, Object> values = with(Map.of("redis.password", "chart-test-redis-password"));
        String install = renderText(values);
        String upgrade = renderText(values);

        assertThat(upgrade).isEqualTo(install);
        List<Map<String, Object>> manifests = render(values);
        assertThat(redisPassword(manifests)).isEqualTo("chart-test-redis-password");

        Map<String, Object> existing = with(Map.of("redis.existingSecret", "ops-redis"));
        assertThat(renderText(existing)).isEqualTo(renderText(existing));
        List<Map<String, Object>> withExisting = render(existing);
        assertThat(withExisting).noneMatch(m -> "Secret".equals(m.get("kind")) && "gw-intercom-gateway-redis".equals(at(m, "metadata.name")));
        assertThat((String) at(named(withExisting, "Deployment", "gw-intercom-gateway-redis"), "spec.template.spec.containers.0.env.0.valueFrom.secretKeyRef.name"))
                .isEqualTo("ops-redis");
        assertThat(new Yaml().dump(at(named(withExisting, "Deployment", "gw-intercom-gateway"), "spec.template.spec.containers.0"))).contains("ops-redis");
    }

    @Test
    void aChangedRedisPasswordRollsRedisAndTheGatewayTogetherAndNothingElseRollsRedis() {
        List<Map<String, Object>> first = render(with(Map.of("redis.password", "first-password")));
        List<Map<String, Object>> second = render(with(Map.of("redis.password", "second-password")));
        List<Map<String, Object>> otherConfig = render(with(Map.of("redis.password", "first-password", "intercom.region", "eu",
                "image.tag", "9.9.9")));

        for (String deployment : List.of("gw-intercom-gateway-redis", "gw-intercom-gateway")) {
            assertThat(podAnnotation(first, deployment, "checksum/redis-password")).isEqualTo(sha256Hex("first-password"));
            assertThat(podAnnotation(second, deployment, "checksum/redis-password")).isEqualTo(sha256Hex("second-password"));
        }
        assertThat((Map<String, Object>) at(named(otherConfig, "Deployment", "gw-intercom-gateway-redis"), "spec.template"))
                .as("Redis keeps its pod (and what it holds) when only the gateway changes")
                .isEqualTo(at(named(first, "Deployment", "gw-intercom-gateway-redis"), "spec.template"));
        assertThat((String) at(named(first, "Deployment", "gw-intercom-gateway-redis"), "spec.strategy.type")).isEqualTo("Recreate");

        // an existing Secret: the chart does not read it; a new Secret name rolls both
        assertThat(podAnnotation(render(with(Map.of("redis.existingSecret", "ops-redis-2"))), "gw-intercom-gateway-redis", "checksum/redis-password"))
                .isNotEqualTo(podAnnotation(render(with(Map.of("redis.existingSecret", "ops-redis-1"))), "gw-intercom-gateway-redis", "checksum/redis-password"));
    }

    /**
     * Without redis.password, the chart keeps the password of the Secret it made at install: Helm's lookup
     * reads it from the cluster. The cluster here is a fake API server (discovery and the release's Secret);
     * helm-java's client-only install renders against it and shows which password it used in the notes.
     */
    @Test
    void withoutAGivenPasswordTheFirstInstallMakesOneAndLaterRendersKeepTheOneInTheCluster() {
        WireMockServer api = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        api.start();
        try {
            api.stubFor(WireMock.get(WireMock.urlPathEqualTo("/version")).willReturn(WireMock.okJson(
                    "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0\"}")));
            api.stubFor(WireMock.get(WireMock.urlPathEqualTo("/api/v1")).willReturn(WireMock.okJson("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\","
                    + "\"groupVersion\":\"v1\",\"resources\":[{\"name\":\"secrets\",\"singularName\":\"secret\",\"namespaced\":true,"
                    + "\"kind\":\"Secret\",\"verbs\":[\"get\",\"list\"]}]}")));
            String secretPath = "/api/v1/namespaces/default/secrets/gw-intercom-gateway-redis";
            api.stubFor(WireMock.get(WireMock.urlPathEqualTo(secretPath)).willReturn(WireMock.aResponse().withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}")));
            String kubeconfig = """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: fake, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: fake, user: {token: fake}}]
                    contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: default}}]
                    current-context: fake
                    """.formatted(api.port());
            java.util.function.Supplier<String> renderAgainstTheCluster = () -> helm().install().withName("gw").withNamespace("default")
                    .withKubeConfigContents(kubeconfig).dryRun().clientOnly().set("intercom.accessToken", TOKEN).call().getOutput();

            String install = renderAgainstTheCluster.get();
            assertThat(install).contains("Redis password: NEW random password");

            api.stubFor(WireMock.get(WireMock.urlPathEqualTo(secretPath)).willReturn(WireMock.okJson("{\"kind\":\"Secret\",\"apiVersion\":\"v1\","
                    + "\"metadata\":{\"name\":\"gw-intercom-gateway-redis\",\"namespace\":\"default\"},\"data\":{\"password\":\""
                    + java.util.Base64.getEncoder().encodeToString("installed-password".getBytes()) + "\"}}")));
            String kept = "Redis password: kept from the Secret gw-intercom-gateway-redis (fingerprint " + sha256Hex("installed-password").substring(0, 12);
            assertThat(renderAgainstTheCluster.get()).contains(kept);
            assertThat(renderAgainstTheCluster.get()).contains(kept);
            api.verify(WireMock.moreThanOrExactly(3), WireMock.getRequestedFor(WireMock.urlPathEqualTo(secretPath)));
        } finally {
            api.stop();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBundledRedisIsBoundedBelowItsMemoryLimitAndNeverEvicts() {
        List<String> args = at(named(render(WITH_TOKEN), "Deployment", "gw-intercom-gateway-redis"), "spec.template.spec.containers.0.args");
        assertThat(args).containsSequence("--maxmemory", String.valueOf(128L * 1024 * 1024 * 75 / 100))
                .containsSequence("--maxmemory-policy", "noeviction");

        List<String> bigger = at(named(render(with(Map.of("redis.resources.limits.memory", "1Gi", "redis.maxmemoryPercent", 50))),
                "Deployment", "gw-intercom-gateway-redis"), "spec.template.spec.containers.0.args");
        assertThat(bigger).containsSequence("--maxmemory", String.valueOf(512L * 1024 * 1024));
        List<String> decimal = at(named(render(with(Map.of("redis.resources.limits.memory", "200M"))),
                "Deployment", "gw-intercom-gateway-redis"), "spec.template.spec.containers.0.args");
        assertThat(decimal).containsSequence("--maxmemory", "150000000");

        assertThatThrownBy(() -> render(with(Map.of("redis.resources.limits.memory", "lots")))).hasMessageContaining("redis.resources.limits.memory");
        assertThatThrownBy(() -> render(with(Map.of("redis.maxmemoryPercent", 100)))).hasMessageContaining("maxmemoryPercent");
    }

    @Test
    void aDisruptionBudgetLetsOnePodGoAtATimeAndExistsOnlyWithMoreThanOnePod() {
        Map<String, Object> autoscaled = kind(render(WITH_TOKEN), "PodDisruptionBudget");
        assertThat((Integer) at(autoscaled, "spec.maxUnavailable")).isEqualTo(1);
        assertThat((Object) at(autoscaled, "spec.minAvailable")).isNull();
        assertThat(kind(render(with(Map.of("autoscaling.enabled", false, "replicaCount", 3))), "PodDisruptionBudget")).isNotNull();

        assertThat(render(with(Map.of("autoscaling.enabled", false, "replicaCount", 1, "redis.deploy", false))))
                .noneMatch(m -> "PodDisruptionBudget".equals(m.get("kind")));
        assertThat(render(with(Map.of("autoscaling.minReplicas", 1)))).noneMatch(m -> "PodDisruptionBudget".equals(m.get("kind")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void egressReachesOnlyDnsIntercomOnHttpsAndTheReleasesRedis() {
        List<Map<String, Object>> manifests = render(WITH_TOKEN);
        List<Map<String, Object>> egress = at(named(manifests, "NetworkPolicy", "gw-intercom-gateway"), "spec.egress");

        assertThat(egress).hasSize(3).allSatisfy(rule -> assertThat(rule).as("no rule open to every address").containsKeys("to", "ports"));
        Map<String, Object> dns = egress.get(0);
        assertThat(new Yaml().dump(dns.get("to"))).contains("kubernetes.io/metadata.name: kube-system").contains("k8s-app: kube-dns");
        assertThat((List<Map<String, Object>>) dns.get("ports")).extracting(p -> p.get("port")).containsOnly(53);

        Map<String, Object> intercom = egress.get(1);
        assertThat((List<Map<String, Object>>) intercom.get("ports")).containsExactly(Map.of("port", 443, "protocol", "TCP"));
        Map<String, Object> v4 = at(intercom, "to.0.ipBlock");
        Map<String, Object> v6 = at(intercom, "to.1.ipBlock");
        assertThat(v4.get("cidr")).isEqualTo("0.0.0.0/0");
        assertThat((List<String>) v4.get("except")).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")
                .noneMatch(range -> range.contains(":"));
        assertThat(v6.get("cidr")).isEqualTo("::/0");
        assertThat((List<String>) v6.get("except")).contains("fc00::/7").allMatch(range -> range.contains(":"));

        Map<String, Object> redis = egress.get(2);
        assertThat((List<Map<String, Object>>) redis.get("ports")).containsExactly(Map.of("port", 6379, "protocol", "TCP"));
        assertThat((Map<String, Object>) at(redis, "to.0.podSelector.matchLabels"))
                .isEqualTo(at(named(manifests, "Deployment", "gw-intercom-gateway-redis"), "spec.template.metadata.labels"));

        List<Map<String, Object>> narrowed = at(named(render(with(Map.of("networkPolicy.egress.intercom.cidrs[0]", "52.0.0.0/8"))),
                "NetworkPolicy", "gw-intercom-gateway"), "spec.egress");
        assertThat((Map<String, Object>) at(narrowed.get(1), "to.0.ipBlock")).as("no exception outside a narrower block")
                .isEqualTo(Map.of("cidr", "52.0.0.0/8"));

        List<Map<String, Object>> external = at(named(render(with(Map.of("redis.external.host", "redis.shared.svc", "redis.external.port", 6380,
                "networkPolicy.egress.extra[0].ports[0].port", 8443, "networkPolicy.egress.extra[0].to[0].ipBlock.cidr", "10.20.0.0/16"))),
                "NetworkPolicy", "gw-intercom-gateway"), "spec.egress");
        assertThat(external).hasSize(4);
        assertThat((List<Map<String, Object>>) external.get(2).get("ports")).containsExactly(Map.of("port", 6380, "protocol", "TCP"));
        assertThat(new Yaml().dump(external.get(2).get("to"))).contains("10.0.0.0/8").doesNotContain("0.0.0.0/0");
        assertThat(new Yaml().dump(external.get(3))).contains("8443").contains("10.20.0.0/16");
    }
}
