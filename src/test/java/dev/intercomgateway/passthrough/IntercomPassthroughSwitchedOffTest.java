package dev.intercomgateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;

import org.springframework.boot.test.web.server.LocalServerPort;

/** With gateway.passthrough.enabled=false every path under /intercom is an Intercom-shaped 404, and the API is untouched. */
@GatewayTest(properties = "gateway.passthrough.enabled=false", testCallers = false)
class IntercomPassthroughSwitchedOffTest {

    @LocalServerPort
    int port;

    @Test
    void theSurfaceAnswers404AndTheApiStillWorks() {
        HttpCaller.Answer answer = new HttpCaller("http://localhost:" + port + "/intercom").get("/me");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("type").asString()).isEqualTo("error.list");
        assertThat(answer.json().get("errors").get(0).get("message").asString()).contains("switched off");
        assertThat(new HttpCaller("http://localhost:" + port).get("/api/v1/admins").status()).isEqualTo(200);
    }
}
