package dev.intercomgateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.SentToIntercom;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What the filter keeps and what a repeat gets: only outcomes that reflect what Intercom did are
 * kept, an answer over max-entry-size streams through whole but is kept without its body, and a
 * repeat of such a request is told so without a second execution.
 */
class IdempotencyFilterTest {

    static final IdempotencyProperties PROPERTIES = new IdempotencyProperties(Duration.ofHours(1), DataSize.ofKilobytes(1),
            DataSize.ofKilobytes(8), DataSize.ofKilobytes(64), Duration.ofSeconds(1), Duration.ofSeconds(10));

    private LocalIdempotencyStore store;
    private IdempotencyFilter filter;
    private final AtomicInteger executions = new AtomicInteger();

    @BeforeEach
    void setUp() {
        store = new LocalIdempotencyStore(PROPERTIES.ttl(), PROPERTIES.callerQuota(), PROPERTIES.maxMemory());
        filter = new IdempotencyFilter(store, PROPERTIES, new SimpleMeterRegistry());
        caller("app-a");
    }

    @AfterEach
    void tearDown() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    private static void caller(String name) {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(name, null, "ROLE_CALLER"));
    }

    /** A handler that answers {@code status} with {@code bodyBytes} bytes, having called Intercom or not. */
    private FilterChain answering(int status, int bodyBytes, boolean sentToIntercom) {
        return (request, response) -> {
            executions.incrementAndGet();
            if (sentToIntercom) {
                SentToIntercom.record(HttpMethod.POST);
            }
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(status);
            http.setContentType("application/json");
            byte[] body = new byte[bodyBytes];
            Arrays.fill(body, (byte) 'x');
            for (int offset = 0; offset < body.length; offset += 512) {    // written in parts, as a stream is
                http.getOutputStream().write(body, offset, Math.min(512, body.length - offset));
                http.flushBuffer();
            }
        };
    }

    private MockHttpServletResponse send(String path, String key, FilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.addHeader(IdempotencyFilter.HEADER, key);
        request.setContent("{\"q\":1}".getBytes());
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    @Test
    void anOversizeAnswerReachesTheCallerWholeAndItsRepeatIsToldItRanWithoutRunningAgain() throws Exception {
        MockHttpServletResponse first = send("/api/v1/things", "big-1", answering(200, 5_000, true));
        MockHttpServletResponse repeat = send("/api/v1/things", "big-1", answering(200, 5_000, true));

        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getContentAsByteArray()).hasSize(5_000);
        assertThat(executions).as("performed once").hasValue(1);
        assertThat(repeat.getStatus()).isEqualTo(409);
        JsonNode problem = JsonMapper.builder().build().readTree(repeat.getContentAsString());
        assertThat(problem.get("type").asString()).isEqualTo(IdempotencyFilter.NOT_KEPT_TYPE.toString());
        assertThat(problem.get("performed").asBoolean()).isTrue();
        assertThat(problem.get("original_status").asInt()).isEqualTo(200);
        assertThat(problem.get("reason").asString()).isEqualTo("too_large");
        assertThat(problem.get("detail").asString()).contains("was performed and answered 200").contains("max-entry-size");
        assertThat(store.weightedSize("app-a")).as("no body held").isEqualTo(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void anAnswerAtTheCapIsKeptAndReplayed() throws Exception {
        send("/api/v1/things", "k", answering(201, 1_024, true));
        MockHttpServletResponse repeat = send("/api/v1/things", "k", answering(201, 1_024, true));

        assertThat(executions).hasValue(1);
        assertThat(repeat.getStatus()).isEqualTo(201);
        assertThat(repeat.getHeader(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(repeat.getContentAsByteArray()).hasSize(1_024);
    }

    @Test
    void onTheIntercomSurfaceTheRepeatIsAnErrorListWithItsOwnCode() throws Exception {
        send("/intercom/contacts", "big", answering(200, 5_000, true));
        MockHttpServletResponse repeat = send("/intercom/contacts", "big", answering(200, 5_000, true));

        assertThat(executions).hasValue(1);
        assertThat(repeat.getStatus()).isEqualTo(409);
        JsonNode errors = JsonMapper.builder().build().readTree(repeat.getContentAsString());
        assertThat(errors.get("type").asString()).isEqualTo("error.list");
        assertThat(errors.get("errors").get(0).get("code").asString()).isEqualTo("idempotent_outcome_not_kept");
        assertThat(errors.get("errors").get(0).get("message").asString()).contains("was performed and answered 200");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 415, 422, 429, 503})
    void theGatewaysOwnRefusalsAreNotKeptSoARepeatRunsTheChecksAgain(int refusal) throws Exception {
        MockHttpServletResponse refused = send("/api/v1/things", "k", answering(refusal, 100, false));
        assertThat(refused.getStatus()).isEqualTo(refusal);

        MockHttpServletResponse repeat = send("/api/v1/things", "k", answering(201, 10, true));
        assertThat(repeat.getStatus()).as("performed now, not the %d replayed", refusal).isEqualTo(201);
        assertThat(repeat.getHeader(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(executions).hasValue(2);
    }

    @Test
    void aForbiddenKeyedWriteIsPerformedOnceTheCallerGainsTheScope() throws Exception {
        FilterChain scoped = (request, response) -> {
            boolean allowed = SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                    .anyMatch(granted -> granted.getAuthority().equals("SCOPE_contacts:write"));
            answering(allowed ? 201 : 403, 10, allowed).doFilter(request, response);
        };
        assertThat(send("/intercom/contacts", "k", scoped).getStatus()).isEqualTo(403);

        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("app-a", null, "SCOPE_contacts:write"));
        assertThat(send("/intercom/contacts", "k", scoped).getStatus()).isEqualTo(201);
        assertThat(executions).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 429, 503})
    void intercomsAnswersThatSayItDidNothingAreNotKept(int status) throws Exception {
        send("/intercom/contacts", "k", answering(status, 10, true));
        MockHttpServletResponse repeat = send("/intercom/contacts", "k", answering(201, 10, true));

        assertThat(repeat.getStatus()).isEqualTo(201);
        assertThat(executions).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 404, 409, 422, 500, 502, 504})
    void intercomsOtherAnswersAreKeptAndReplayed(int status) throws Exception {
        send("/intercom/contacts", "k", answering(status, 10, true));
        MockHttpServletResponse repeat = send("/intercom/contacts", "k", answering(201, 10, true));

        assertThat(repeat.getStatus()).isEqualTo(status);
        assertThat(repeat.getHeader(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(executions).hasValue(1);
    }

    @Test
    void anAnswerThatBrokeOffAfterIntercomWasCalledIsNeverPerformedAgain() throws Exception {
        FilterChain breaking = (request, response) -> {
            answering(200, 600, true).doFilter(request, response);
            throw new IOException("Intercom closed the stream");
        };
        assertThatThrownBy(() -> send("/intercom/contacts", "k", breaking)).isInstanceOf(IOException.class);

        MockHttpServletResponse repeat = send("/intercom/contacts", "k", answering(200, 10, true));
        assertThat(executions).hasValue(1);
        assertThat(repeat.getStatus()).isEqualTo(409);
        assertThat(repeat.getContentAsString()).contains("broke off");
    }

    @Test
    void aFailureBeforeIntercomWasCalledFreesTheKey() throws Exception {
        FilterChain failing = (request, response) -> {
            executions.incrementAndGet();
            throw new IllegalStateException("before sending");
        };
        assertThatThrownBy(() -> send("/api/v1/things", "k", failing)).isInstanceOf(IllegalStateException.class);

        assertThat(send("/api/v1/things", "k", answering(201, 10, true)).getStatus()).isEqualTo(201);
        assertThat(executions).hasValue(2);
    }

    @Test
    void aCallerOverItsQuotaGets429WithRetryAfterAndOthersGoOn() throws Exception {
        for (int i = 0; i < 16; i++) {                                  // 16 x 512 bytes of markers fill 8 KB
            send("/api/v1/things", "big-" + i, answering(200, 5_000, true));
        }
        MockHttpServletResponse refused = send("/api/v1/things", "one-more", answering(201, 10, true));

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isGreaterThan(3000);
        assertThat(executions).as("the refused write was not performed").hasValue(16);

        caller("app-b");
        assertThat(send("/api/v1/things", "one-more", answering(201, 10, true)).getStatus()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/intercom/contacts/search", "/intercom/companies/list", "/intercom/conversations/search",
            "/intercom/tickets/search"})
    void aPassthroughReadSentAsPostHasItsKeyIgnoredAndClaimsNothing(String read) throws Exception {
        MockHttpServletResponse first = send(read, "k", answering(200, 5_000, true));
        MockHttpServletResponse repeat = send(read, "k", answering(200, 5_000, true));

        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(repeat.getStatus()).as("performed again: a read has no effect to protect").isEqualTo(200);
        assertThat(repeat.getHeader(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(executions).hasValue(2);
        assertThat(store.weightedSize()).as("nothing claimed or kept").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/intercom/contacts", "/intercom/conversations/1/reply", "/intercom/contacts/merge",
            "/api/v1/users/search"})
    void writesOfBothSurfacesStayIdempotent(String write) throws Exception {
        send(write, "k", answering(201, 10, true));
        MockHttpServletResponse repeat = send(write, "k", answering(201, 10, true));

        assertThat(repeat.getHeader(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(executions).hasValue(1);
    }
}
