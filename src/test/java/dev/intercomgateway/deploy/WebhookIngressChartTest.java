package dev.intercomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The chart exposes Intercom's webhooks, and only them, through an Ingress of their own, off by default. */
class WebhookIngressChartTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(Map<String, Object> more) {
        var template = new Helm(HelmChartTest.CHART).template().withName("gw").set("redis.password", HelmChartTest.REDIS_PASSWORD)
                .set("intercom.accessToken", HelmChartTest.TOKEN);
        more.forEach(template::set);
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml().loadAll(template.call())) {
            if (document != null) {
                manifests.add((Map<String, Object>) document);
            }
        }
        return manifests;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            node = key.matches("\\d+") ? ((List<Object>) node).get(Integer.parseInt(key)) : ((Map<String, Object>) node).get(key);
        }
        return (T) node;
    }

    private static List<Map<String, Object>> ingresses(List<Map<String, Object>> manifests) {
        return manifests.stream().filter(m -> "Ingress".equals(m.get("kind"))).toList();
    }

    @Test
    void offByDefault() {
        List<Map<String, Object>> manifests = render(Map.of());
        assertThat(ingresses(manifests)).isEmpty();
        assertThat(new Yaml().dump(manifests)).doesNotContain("INTERCOM_CLIENT_SECRET");
    }

    @Test
    void exposesOnlyTheIntakePathAndTakesTheClientSecretFromASecret() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("webhooks.ingress.enabled", true);
        values.put("webhooks.ingress.host", "hooks.example.com");
        values.put("webhooks.existingSecret", "gw-intercom-app");
        List<Map<String, Object>> manifests = render(values);

        List<Map<String, Object>> ingresses = ingresses(manifests);
        assertThat(ingresses).hasSize(1);
        Map<String, Object> ingress = ingresses.getFirst();
        assertThat((String) at(ingress, "metadata.name")).isEqualTo("gw-intercom-gateway-webhooks");
        assertThat((String) at(ingress, "spec.rules.0.host")).isEqualTo("hooks.example.com");
        List<Map<String, Object>> paths = at(ingress, "spec.rules.0.http.paths");
        assertThat(paths).hasSize(1);
        assertThat((String) at(paths.getFirst(), "path")).isEqualTo("/webhooks/intercom");
        assertThat((String) at(paths.getFirst(), "pathType")).isEqualTo("Exact");
        assertThat((String) at(paths.getFirst(), "backend.service.port.name")).isEqualTo("http");

        Map<String, Object> deployment = manifests.stream()
                .filter(m -> "Deployment".equals(m.get("kind")) && "gw-intercom-gateway".equals(at(m, "metadata.name"))).findFirst().orElseThrow();
        List<Map<String, Object>> env = at(deployment, "spec.template.spec.containers.0.env");
        assertThat(env).anySatisfy(variable -> {
            assertThat(variable.get("name")).isEqualTo("INTERCOM_CLIENT_SECRET");
            assertThat((String) at(variable, "valueFrom.secretKeyRef.name")).isEqualTo("gw-intercom-app");
            assertThat((String) at(variable, "valueFrom.secretKeyRef.key")).isEqualTo("client-secret");
        });
    }

    @Test
    void anExposedIntakeWithoutTheClientSecretRefusesToRender() {
        assertThatThrownBy(() -> render(Map.of("webhooks.ingress.enabled", true))).hasMessageContaining("webhooks.existingSecret");
    }
}
