package dev.intercomgateway.intercom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.SentToIntercom;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The transport marks the request it serves once a call that may change something reached Intercom, and only then. */
class SentToIntercomTest {

    private final MockHttpServletRequest served = new MockHttpServletRequest("POST", "/api/v1/users");

    @AfterEach
    void unbind() {
        RequestContextHolder.resetRequestAttributes();
    }

    private boolean sentAfter(HttpMethod method, Supplier<ResponseEntity<String>> call) {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(served));
        try {
            new DirectIntercomCalls().perform(new IntercomCall(method, method + " /contacts", "app"), call);
        } catch (IntercomException failed) {
            // the outcome is what the mark says
        }
        return SentToIntercom.recorded(served);
    }

    @Test
    void anAnsweredWriteIsMarked() {
        assertThat(sentAfter(HttpMethod.POST, () -> ResponseEntity.ok("{}"))).isTrue();
    }

    @Test
    void aReadIsNot() {
        assertThat(sentAfter(HttpMethod.GET, () -> ResponseEntity.ok("{}"))).isFalse();
    }

    @Test
    void aWriteThatNeverLeftIsNot() {
        assertThat(sentAfter(HttpMethod.POST, () -> {
            throw new IllegalStateException(new ConnectException("Connection refused"));
        })).isFalse();
    }

    @Test
    void aWriteThatTimedOutAfterSendingIsMarked() {
        assertThat(sentAfter(HttpMethod.POST, () -> {
            throw new IllegalStateException("Timeout on blocking read for 1000000000 NANOSECONDS");
        })).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 429})
    void intercomsRefusalsThatDidNothingAreNot(int status) {
        assertThat(sentAfter(HttpMethod.POST, () -> {
            throw new IntercomApiException(status, "x", "refused", null, null);
        })).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 409, 422, 500})
    void intercomsOtherAnswersAre(int status) {
        assertThat(sentAfter(HttpMethod.POST, () -> {
            throw new IntercomApiException(status, "x", "refused", null, null);
        })).isTrue();
    }

    @Test
    void outsideAnHttpRequestACallStillGoesThrough() {
        RequestContextHolder.resetRequestAttributes();
        assertThat(new DirectIntercomCalls().perform(new IntercomCall(HttpMethod.POST, "POST /contacts", "app"), () -> ResponseEntity.ok("{}")).body()).isEqualTo("{}");
    }
}
