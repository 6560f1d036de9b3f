package dev.intercomgateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With no exporter (the default: no OTLP endpoint), spans are not recorded, yet trace ids still reach problems and log lines. */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class TracingWithoutExporterTest {

    static final String CONTACT_ID = "6650a1b2c3d4e5f600000002";

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    @Autowired
    OpenTelemetry openTelemetry;

    @Test
    void spansAreNotRecordedWhenNothingReceivesThem() {
        Span span = openTelemetry.getTracer("test").spanBuilder("probe").startSpan();
        try {
            assertThat(span.isRecording()).as("sampled out: nothing would receive it").isFalse();
            assertThat(span.getSpanContext().isValid()).as("its context still carries ids").isTrue();
        } finally {
            span.end();
        }
    }

    @Test
    void problemsAndLogLinesStillCarryTheTraceId(CapturedOutput output) {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + CONTACT_ID)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error.list\",\"request_id\":\"r1\",\"errors\":[{\"code\":\"not_found\",\"message\":\"User Not Found\"}]}")));
        HttpCaller caller = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);

        HttpCaller.Answer continued = caller.with("traceparent", TracingEndToEndTest.TRACEPARENT).get("/api/v1/users/" + CONTACT_ID);
        assertThat(continued.status()).isEqualTo(404);
        assertThat(continued.json().get("trace_id").asString()).as("the caller's trace").isEqualTo(TracingEndToEndTest.CALLER_TRACE);

        HttpCaller.Answer fresh = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY).get("/api/v1/users/" + CONTACT_ID);
        assertThat(fresh.json().get("trace_id").asString()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));

        String requestId = continued.header("X-Request-Id");
        assertThat(output.getAll().lines().filter(line -> line.contains("[" + requestId + "]")))
                .as("the request's log lines").isNotEmpty().allSatisfy(line -> assertThat(line).contains(TracingEndToEndTest.CALLER_TRACE));
    }
}
