package dev.intercomgateway.intercom.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.WriteTimeoutException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import tools.jackson.core.JacksonException;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.IntercomTimeoutException;
import dev.intercomgateway.intercom.IntercomUnreachableException;
import dev.intercomgateway.intercom.client.model.IntercomErrorList;
import dev.intercomgateway.intercom.client.model.IntercomJson;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The HTTP side of the gateway: performs an {@link IntercomCall} with the shared WebClient and
 * turns every outcome into either a typed response or a typed {@link IntercomException}.
 */
public class WebClientIntercomTransport implements IntercomTransport {

    private static final byte[] NO_BODY = new byte[0];
    private static final java.util.regex.Pattern CANONICAL_LINK =
            java.util.regex.Pattern.compile("<[^>]*/([^/>]+)>\\s*;\\s*rel=\"?canonical\"?");

    private final WebClient webClient;
    private final Duration responseTimeout;

    public WebClientIntercomTransport(WebClient webClient, Duration responseTimeout) {
        this.webClient = webClient;
        this.responseTimeout = responseTimeout;
    }

    @Override
    public <T> IntercomResponse<T> exchange(IntercomCall<T> call) {
        WebClient.RequestBodySpec request = webClient.method(call.method())
                .uri(call.uriTemplate(), call.uriVariables().toArray());
        WebClient.RequestHeadersSpec<?> ready = call.body() == null
                ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(IntercomJson.mapper().writeValueAsBytes(call.body()));
        try {
            return ready.exchangeToMono(response -> read(response, call))
                    .timeout(responseTimeout)
                    .block();
        } catch (IntercomException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(Exceptions.unwrap(e), call);
        }
    }

    private <T> Mono<IntercomResponse<T>> read(ClientResponse response, IntercomCall<T> call) {
        return response.bodyToMono(byte[].class)
                // A bad response, so not retried: the same call would get the same oversized answer.
                .onErrorMap(DataBufferLimitException.class, e -> new IntercomBadResponseException(response.statusCode().value(),
                        "Intercom's answer to " + call.describe() + " is larger than intercom.max-response-size",
                        response.headers().asHttpHeaders().getFirst("X-Request-Id"), e))
                .defaultIfEmpty(NO_BODY)
                .map(body -> toResponse(response.statusCode().value(), response.headers().asHttpHeaders(), body, call));
    }

    private <T> IntercomResponse<T> toResponse(int status, HttpHeaders headers, byte[] body, IntercomCall<T> call) {
        IntercomRateLimit rateLimit = IntercomRateLimit.from(headers);
        String headerRequestId = headers.getFirst("X-Request-Id");
        if (status >= 200 && status < 300) {
            return new IntercomResponse<>(status, decodeBody(status, body, call, headerRequestId), rateLimit, headerRequestId);
        }
        IntercomErrorList errors = decodeErrors(body);
        String requestId = errors != null && errors.requestId() != null ? errors.requestId() : headerRequestId;
        if (status < 400) {
            throw new IntercomBadResponseException(status, "Intercom answered " + call.describe() + " with unexpected status " + status, requestId, null);
        }
        IntercomErrorList.Error first = errors == null ? null : errors.first();
        String message = first != null && first.message() != null
                ? first.message()
                : "Intercom answered " + call.describe() + " with status " + status + " and no error details";
        return throwApiError(status, first == null ? null : first.code(), message, requestId, rateLimit, canonicalId(headers));
    }

    private static <R> R throwApiError(int status, String code, String message, String requestId, IntercomRateLimit rateLimit,
            String canonicalId) {
        throw new IntercomApiException(status, code, message, requestId, rateLimit, canonicalId);
    }

    /** The id in {@code Link: </contacts/{id}>; rel="canonical"}, sent with a 410 for a merged contact. */
    static String canonicalId(HttpHeaders headers) {
        for (String link : headers.getOrEmpty(HttpHeaders.LINK)) {
            java.util.regex.Matcher canonical = CANONICAL_LINK.matcher(link);
            if (canonical.find() && IntercomIds.isValid(canonical.group(1))) {
                return canonical.group(1);
            }
        }
        return null;
    }

    private static <T> T decodeBody(int status, byte[] body, IntercomCall<T> call, String requestId) {
        if (call.responseType() == Void.class) {
            return null;
        }
        if (body.length == 0) {
            throw new IntercomBadResponseException(status, "Intercom answered " + call.describe() + " with an empty body", requestId, null);
        }
        try {
            T value = IntercomJson.mapper().readValue(body, call.responseType());
            if (value == null) {
                throw new IntercomBadResponseException(status, "Intercom answered " + call.describe() + " with a null body", requestId, null);
            }
            return value;
        } catch (JacksonException e) {
            throw new IntercomBadResponseException(status, "Intercom answered " + call.describe() + " with a body that is not the expected JSON", requestId, e);
        }
    }

    private static IntercomErrorList decodeErrors(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return IntercomJson.mapper().readValue(body, IntercomErrorList.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static IntercomException translate(Throwable failure, IntercomCall<?> call) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IntercomException intercom) {
                return intercom;
            }
            if (cause instanceof ConnectTimeoutException) {
                return new IntercomTimeoutException("Could not connect to Intercom in time for " + call.describe(), false, failure);
            }
            if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException || cause instanceof WriteTimeoutException) {
                return new IntercomTimeoutException("Intercom did not answer " + call.describe() + " in time", true, failure);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof PoolAcquireTimeoutException
                    || cause instanceof PoolAcquirePendingLimitException) {
                return new IntercomUnreachableException("Could not connect to Intercom for " + call.describe(), false, failure);
            }
            if (cause instanceof PrematureCloseException || cause instanceof ClosedChannelException) {
                return new IntercomUnreachableException("Intercom closed the connection during " + call.describe(), true, failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new IntercomUnreachableException("Intercom call " + call.describe() + " failed: " + root.getClass().getSimpleName(), true, failure);
    }
}
