package dev.intercomgateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A key added to (then removed from) a configuration source that changes at runtime takes effect without a restart. */
@GatewayTest(properties = "gateway.clients-refresh-interval=0s", testCallers = false)
class KeyRotationTest {

    static final String OLD_KEY = "rotation-old-key-111";
    static final String NEW_KEY = "rotation-new-key-222";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gateway.clients[0].name", () -> "crm");
        registry.add("gateway.clients[0].key-sha256", () -> TestCallers.sha256(OLD_KEY));
        registry.add("gateway.clients[0].scopes", () -> "users:read");
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void keysRotateWithoutARestart() {
        intercom.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson("{\"type\":\"contact\",\"id\":\"c1\",\"role\":\"user\"}")));
        assertThat(status(OLD_KEY)).isEqualTo(200);
        assertThat(status(NEW_KEY)).isEqualTo(401);

        Map<String, Object> rotated = new HashMap<>();
        rotated.put("gateway.clients[0].name", "crm");
        rotated.put("gateway.clients[0].key-sha256[0]", TestCallers.sha256(OLD_KEY));
        rotated.put("gateway.clients[0].key-sha256[1]", TestCallers.sha256(NEW_KEY));
        rotated.put("gateway.clients[0].scopes", "users:read");
        environment.getPropertySources().addFirst(new MapPropertySource("rotation", rotated));
        assertThat(status(OLD_KEY)).isEqualTo(200);
        assertThat(status(NEW_KEY)).isEqualTo(200);

        rotated.remove("gateway.clients[0].key-sha256[1]");
        rotated.put("gateway.clients[0].key-sha256[0]", TestCallers.sha256(NEW_KEY));
        assertThat(status(NEW_KEY)).isEqualTo(200);
        assertThat(status(OLD_KEY)).isEqualTo(401);

        rotated.put("gateway.clients[0].key-sha256[0]", "not-a-hash");
        assertThat(status(NEW_KEY)).as("an invalid change keeps the previous keys").isEqualTo(200);

        rotated.put("gateway.clients[0].key-sha256[0]", TestCallers.sha256(OLD_KEY));
        rotated.put("gateway.clients[0].scopes", "users:raed");
        assertThat(status(OLD_KEY)).as("a scope typo is refused as at startup: the previous callers stay").isEqualTo(401);
        assertThat(status(NEW_KEY)).isEqualTo(200);
    }

    private int status(String key) {
        return new HttpCaller("http://localhost:" + port, key).get("/api/v1/users/c1").status();
    }
}
