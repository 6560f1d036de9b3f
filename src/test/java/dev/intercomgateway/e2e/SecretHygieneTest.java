package dev.intercomgateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.security.GatewayClients;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Intercom token and the callers' keys appear nowhere: not in answers, errors, logs at TRACE
 * (WebClient, Reactor Netty, Spring Security, this service), Actuator's env and configprops (even
 * when an operator exposes them), nor toString().
 */
@GatewayTest(properties = {
        "logging.level.reactor.netty=TRACE",
        "logging.level.org.springframework.web.reactive.function.client=TRACE",
        "logging.level.org.springframework.security=TRACE",
        "logging.level.org.springframework.web=TRACE",
        "logging.level.dev.intercomgateway=TRACE",
        "management.endpoints.web.exposure.include=health,prometheus,env,configprops,metrics",
        "intercom.access-token=" + SecretHygieneTest.INTERCOM_TOKEN,
        "intercom.health.cache-ttl=0s"})
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneTest {

    static final String INTERCOM_TOKEN = "dG9rLXNlY3JldC1oeWdpZW5lLTQy";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    /** Logging levels are JVM-wide: leave TRACE behind for no other test. */
    @AfterAll
    static void restoreLogLevels() {
        LoggingSystem logging = LoggingSystem.get(SecretHygieneTest.class.getClassLoader());
        for (String logger : List.of("reactor.netty", "org.springframework.web.reactive.function.client", "org.springframework.security",
                "org.springframework.web", "dev.intercomgateway")) {
            logging.setLogLevel(logger, null);
        }
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    IntercomProperties intercomProperties;

    @Autowired
    GatewayClients clients;

    @Test
    void secretsAppearNowhere(CapturedOutput output) {
        intercom.stubFor(get(urlPathMatching("/contacts/ok")).willReturn(okJson("{\"type\":\"contact\",\"id\":\"ok\",\"role\":\"user\"}")));
        intercom.stubFor(get(urlPathMatching("/contacts/denied")).willReturn(aResponse().withStatus(401)
                .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"unauthorized\",\"message\":\"Access Token Invalid\"}]}")));
        intercom.stubFor(get("/me").willReturn(aResponse().withStatus(401)));
        HttpCaller api = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);
        HttpCaller ops = new HttpCaller("http://localhost:" + managementPort, TestCallers.OPS_KEY);

        List<String> seen = new ArrayList<>();
        seen.add(api.get("/api/v1/users/ok").body());
        var malformed = api.get("/api/v1/users?=x");
        assertThat(malformed.status()).as("a malformed query is a 400 problem even with request logging at TRACE").isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        seen.add(api.get("/api/v1/users/denied").body());
        seen.add(api.post("/api/v1/users", "{\"email\":\"broken").body());
        seen.add(new HttpCaller("http://localhost:" + port, TestCallers.READER_KEY).delete("/api/v1/users/ok").body());
        seen.add(new HttpCaller("http://localhost:" + port, "wrong-key").get("/api/v1/users/ok").body());
        seen.add(ops.get("/actuator/health").body());
        seen.add(ops.get("/actuator/env").body());
        seen.add(ops.get("/actuator/configprops").body());
        seen.add(ops.get("/actuator/prometheus").body());
        seen.add(intercomProperties.toString());
        seen.add(clients.toString());
        seen.add(output.getAll());

        assertThat(ops.get("/actuator/env").status()).isEqualTo(200);
        String everything = String.join("\n", seen);
        assertThat(everything).contains("Access Token Invalid");
        for (String secret : List.of(INTERCOM_TOKEN, TestCallers.FULL_KEY, TestCallers.READER_KEY, TestCallers.OPS_KEY, "wrong-key")) {
            assertThat(everything).as("a secret leaked").doesNotContain(secret);
        }
    }
}
