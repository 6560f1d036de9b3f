package dev.intercomgateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The traces of calls through the gateway, as an in-memory exporter receives them: the incoming request's span, and
 * beneath it one span per Intercom attempt holding its budget wait and the WebClient's call; trace ids in problems and
 * log lines; a caller's W3C traceparent continued, and no trace header ever sent on to Intercom.
 */
@GatewayTest(properties = {
        "intercom.access-token=" + TracingEndToEndTest.TOKEN,
        "intercom.retry.base-backoff=10ms"})
@ExtendWith(OutputCaptureExtension.class)
class TracingEndToEndTest {

    static final String TOKEN = "dG9rLXRyYWNpbmctdGVzdC0xMjM0NQ";
    static final String CONTACT_ID = "6650a1b2c3d4e5f600000001";
    static final String CONTACT = "{\"type\":\"contact\",\"id\":\"" + CONTACT_ID + "\",\"role\":\"user\",\"email\":\"grace@example.com\","
            + "\"created_at\":1}";
    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01";
    static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate", "baggage", "b3", "X-B3-TraceId", "X-B3-SpanId",
            "X-B3-Sampled");

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @TestConfiguration
    static class InMemoryTraces {

        static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

        /** Exported as each span ends (Boot adds SpanProcessor beans to its tracer provider). */
        @Bean
        SpanProcessor inMemorySpans() {
            return SimpleSpanProcessor.create(EXPORTER);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void reset() {
        InMemoryTraces.EXPORTER.reset();
    }

    private HttpCaller caller() {
        return new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY);
    }

    private static HttpCaller withTraceHeaders(HttpCaller caller) {
        return caller.with("traceparent", TRACEPARENT).with("tracestate", "vendor=opaque").with("baggage", "tenant=acme")
                .with("b3", CALLER_TRACE + "-00f067aa0ba902b7-1").with("X-B3-TraceId", CALLER_TRACE)
                .with("X-B3-SpanId", "00f067aa0ba902b7").with("X-B3-Sampled", "1");
    }

    @Test
    void oneCallIsTheRequestSpanWithAnAttemptPerTryEachHoldingItsBudgetWaitAndTheHttpCall() {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + CONTACT_ID)).inScenario("retry").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("X-Request-Id", "req-first")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"service_unavailable\",\"message\":\"down\"}]}"))
                .willSetStateTo("recovered"));
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + CONTACT_ID)).inScenario("retry").whenScenarioStateIs("recovered")
                .willReturn(okJson(CONTACT).withHeader("X-Request-Id", "req-second")));

        HttpCaller.Answer answer = caller().with("traceparent", TRACEPARENT).get("/api/v1/users/" + CONTACT_ID);
        assertThat(answer.status()).isEqualTo(200);

        List<SpanData> spans = spansOf(CALLER_TRACE);
        SpanData request = single(spans, span -> span.getName().equals("http get /api/v1/users/{id}"));
        assertThat(request.getParentSpanId()).as("the caller's span is the parent").isEqualTo("00f067aa0ba902b7");

        List<SpanData> attempts = spans.stream().filter(span -> span.getName().equals("GET /contacts/{contact_id}"))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
        assertThat(attempts).hasSize(2);
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(attribute(attempt, "operation")).isEqualTo("GET /contacts/{contact_id}");
        });
        assertThat(attempts).extracting(attempt -> attribute(attempt, "retry")).containsExactly("0", "1");
        assertThat(attempts).extracting(attempt -> attribute(attempt, "status")).containsExactly("503", "200");
        assertThat(attempts).extracting(attempt -> attribute(attempt, "intercom_request_id")).containsExactly("req-first", "req-second");

        for (SpanData attempt : attempts) {
            List<SpanData> children = spans.stream().filter(span -> span.getParentSpanId().equals(attempt.getSpanId())).toList();
            assertThat(children).extracting(SpanData::getName).containsExactlyInAnyOrder("intercom budget wait", "http get");
            SpanData http = single(children, span -> span.getName().equals("http get"));
            assertThat(attribute(http, "uri")).isEqualTo("/contacts/{contact_id}");
            assertThat(attribute(http, "intercom_request_id")).isEqualTo(attribute(attempt, "intercom_request_id"));
        }
    }

    /** Retry numbers and Intercom's request ids are span attributes only: no metric is tagged with them. */
    @Test
    void metricsGetOnlyTheLowCardinalityTags() {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + CONTACT_ID)).willReturn(okJson(CONTACT).withHeader("X-Request-Id", "req-m")));

        assertThat(caller().get("/api/v1/users/" + CONTACT_ID).status()).isEqualTo(200);

        assertThat(meters.find("intercom.attempt").tags("operation", "GET /contacts/{contact_id}", "status", "200").timer())
                .isNotNull().satisfies(timer -> assertThat(timer.count()).isPositive());
        assertThat(meters.find("intercom.budget.permit").timer()).isNotNull();
        List<String> tagKeys = meters.getMeters().stream().map(Meter::getId)
                .filter(id -> id.getName().startsWith("intercom.") || id.getName().startsWith("http.client"))
                .flatMap(id -> id.getTags().stream()).map(Tag::getKey).distinct().toList();
        assertThat(tagKeys).contains("operation", "uri").doesNotContain("retry", "intercom_request_id");
        assertThat(meters.find("http.client.requests").tags("uri", "/contacts/{contact_id}").timer()).isNotNull();
    }

    @Test
    void theTokenIsInNoSpanAttribute() {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + CONTACT_ID)).willReturn(okJson(CONTACT)));

        assertThat(caller().with("traceparent", TRACEPARENT).get("/api/v1/users/" + CONTACT_ID).status()).isEqualTo(200);

        List<SpanData> spans = spansOf(CALLER_TRACE);
        assertThat(spans).hasSizeGreaterThanOrEqualTo(4);
        assertThat(spans).allSatisfy(span -> assertThat(span.getAttributes().asMap().values().stream().map(String::valueOf))
                .noneMatch(value -> value.contains(TOKEN) || value.contains(TestCallers.FULL_KEY)));
    }

    /**
     * Ids in paths and query values are personal data the logs only show hashed: the spans carry path templates, on the
     * request's span and on the calls to Intercom, from both surfaces.
     */
    @Test
    void spansCarryPathTemplatesNeverTheIdsOrQueryValuesSent() {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + CONTACT_ID)).willReturn(okJson(CONTACT)));
        intercom.stubFor(get(urlPathEqualTo("/contacts/find_by_external_id/ext-PII-42")).willReturn(okJson(CONTACT)));
        intercom.stubFor(get(urlPathEqualTo("/contacts")).willReturn(okJson("{\"type\":\"list\",\"data\":[],\"total_count\":0}")));
        HttpCaller sdk = new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_KEY).with("traceparent", TRACEPARENT);

        assertThat(caller().with("traceparent", TRACEPARENT).get("/api/v1/users/" + CONTACT_ID).status()).isEqualTo(200);
        assertThat(sdk.get("/contacts/find_by_external_id/ext-PII-42").status()).isEqualTo(200);
        assertThat(sdk.get("/contacts?per_page=2&starting_after=cursor-PII-7").status()).isEqualTo(200);

        List<SpanData> spans = spansOf(CALLER_TRACE);
        assertThat(spans.stream().filter(span -> span.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)).hasSize(3);
        assertThat(spans).allSatisfy(span -> assertThat(span.getAttributes().asMap().values().stream().map(String::valueOf))
                .as("the attributes of %s", span.getName())
                .noneMatch(value -> value.contains(CONTACT_ID) || value.contains("ext-PII-42") || value.contains("cursor-PII-7")
                        || value.contains("per_page=")));
        assertThat(spans).extracting(span -> attribute(span, "http.url")).filteredOn(java.util.Objects::nonNull)
                .contains("/api/v1/users/{id}", intercom.baseUrl() + "/contacts/{contact_id}",
                        intercom.baseUrl() + "/contacts/find_by_external_id/{external_id}", intercom.baseUrl() + "/contacts");
    }

    @Test
    void intercomNeverReceivesTraceHeadersFromTheApiNorFromThePassthrough() {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + CONTACT_ID)).willReturn(okJson(CONTACT)));

        assertThat(withTraceHeaders(caller()).get("/api/v1/users/" + CONTACT_ID).status()).isEqualTo(200);
        assertThat(withTraceHeaders(new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_KEY))
                .get("/contacts/" + CONTACT_ID).status()).isEqualTo(200);
        // and without a caller's trace: the gateway's own trace is not sent either
        assertThat(caller().get("/api/v1/users/" + CONTACT_ID).status()).isEqualTo(200);

        assertThat(intercom.getAllServeEvents()).hasSize(3);
        for (String header : TRACE_HEADERS) {
            intercom.verify(3, anyRequestedFor(anyUrl()).withHeader(header, absent()));
        }
        assertThat(spansOf(CALLER_TRACE)).as("both traced calls continued the caller's trace")
                .filteredOn(span -> span.getName().startsWith("http get /")).hasSize(2);
    }

    @Test
    void problemsAndLogLinesCarryTheTraceId(CapturedOutput output) {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + CONTACT_ID)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error.list\",\"request_id\":\"r1\",\"errors\":[{\"code\":\"not_found\",\"message\":\"User Not Found\"}]}")));

        HttpCaller.Answer notFound = caller().with("traceparent", TRACEPARENT).get("/api/v1/users/" + CONTACT_ID);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("trace_id").asString()).isEqualTo(CALLER_TRACE);
        assertThat(notFound.json().get("request_id").asString()).isNotBlank();

        HttpCaller.Answer unauthenticated = new HttpCaller("http://localhost:" + port, "not-a-key").with("traceparent", TRACEPARENT)
                .get("/api/v1/users/" + CONTACT_ID);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.json().get("trace_id").asString()).as("a problem written by the security filters").isEqualTo(CALLER_TRACE);

        String requestId = notFound.header("X-Request-Id");
        assertThat(output.getAll().lines().filter(line -> line.contains("[" + requestId + "]")))
                .as("the request's log lines").isNotEmpty().allSatisfy(line -> assertThat(line).contains(CALLER_TRACE));
    }

    /**
     * The finished spans of the trace, once its server span has ended: the server observation stops after the
     * answer is written, so the caller can hold the answer a moment before the request's span is exported.
     */
    private static List<SpanData> spansOf(String traceId) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        List<SpanData> spans;
        do {
            spans = InMemoryTraces.EXPORTER.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
            if (spans.stream().anyMatch(span -> span.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)) {
                return spans;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return spans;
            }
        } while (System.nanoTime() < deadline);
        return spans;
    }

    private static SpanData single(List<SpanData> spans, java.util.function.Predicate<SpanData> which) {
        List<SpanData> matching = spans.stream().filter(which).toList();
        assertThat(matching).as("one span among %s", names(spans)).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, String> names(List<SpanData> spans) {
        return spans.stream().collect(Collectors.toMap(SpanData::getSpanId, span -> span.getName() + " <- " + span.getParentSpanId()));
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
