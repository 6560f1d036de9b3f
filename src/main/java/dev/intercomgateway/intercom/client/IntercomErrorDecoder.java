package dev.intercomgateway.intercom.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.client.model.IntercomErrorList;
import dev.intercomgateway.intercom.client.model.IntercomJson;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Turns an answer that is not a success into a typed exception: Intercom's {@code error.list}
 * (code, message, request id), the rate-limit headers of a 429, and the surviving contact of a 410
 * {@code contact_merged}. Installed as the WebClient's status handler, so every call gets it.
 */
public final class IntercomErrorDecoder {

    private static final byte[] NO_BODY = new byte[0];
    private static final Pattern CANONICAL_LINK = Pattern.compile("<[^>]*/([^/>]+)>\\s*;\\s*rel=\"?canonical\"?");

    private IntercomErrorDecoder() {
    }

    /** Request attribute marking a call whose answer is streamed to the caller, not read into memory: no size limit applies. */
    public static final String STREAMED = IntercomErrorDecoder.class.getName() + ".streamed";

    /**
     * Refuses an answer larger than {@code maxBytes} while it is read (the decoders' own limit would
     * too, but without the answer's request id, which Intercom support asks for). Answers streamed
     * through to a caller ({@link #STREAMED}) are never held whole, so they have no limit.
     */
    public static ExchangeFilterFunction refusingAnswersOver(long maxBytes) {
        return (request, next) -> request.attribute(STREAMED).isPresent()
                ? next.exchange(request)
                : next.exchange(request).flatMap(response -> limited(response, maxBytes));
    }

    private static Mono<ClientResponse> limited(ClientResponse response, long maxBytes) {
        String requestId = response.headers().asHttpHeaders().getFirst("X-Request-Id");
        int status = response.statusCode().value();
        return Mono.just(response.mutate().body(body -> {
            AtomicLong read = new AtomicLong();
            return body.map(buffer -> {
                if (read.addAndGet(buffer.readableByteCount()) > maxBytes) {
                    DataBufferUtils.release(buffer);
                    throw new IntercomBadResponseException(status, "Intercom's answer is larger than intercom.max-response-size",
                            requestId, null);
                }
                return buffer;
            });
        }).build());
    }

    public static Mono<? extends Throwable> decode(ClientResponse response) {
        return response.bodyToMono(byte[].class).defaultIfEmpty(NO_BODY).onErrorReturn(NO_BODY)
                .map(body -> toException(response.statusCode().value(), response.headers().asHttpHeaders(), body));
    }

    static RuntimeException toException(int status, HttpHeaders headers, byte[] body) {
        IntercomErrorList errors = errors(body);
        String headerRequestId = headers.getFirst("X-Request-Id");
        String requestId = errors != null && errors.requestId() != null ? errors.requestId() : headerRequestId;
        if (status < 400) {
            return new IntercomBadResponseException(status, "Intercom answered with unexpected status " + status, requestId, null);
        }
        IntercomErrorList.Error first = errors == null ? null : errors.first();
        String message = first != null && first.message() != null
                ? first.message()
                : "Intercom answered with status " + status + " and no error details";
        Map<String, List<String>> answerHeaders = new LinkedHashMap<>();
        headers.forEach((name, values) -> answerHeaders.put(name, List.copyOf(values)));
        return new IntercomApiException(status, first == null ? null : first.code(), message, requestId, IntercomRateLimit.from(headers),
                canonicalId(headers), body, answerHeaders);
    }

    private static IntercomErrorList errors(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return IntercomJson.mapper().readValue(body, IntercomErrorList.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The id in {@code Link: </contacts/{id}>; rel="canonical"}, sent with a 410 for a merged contact. */
    static String canonicalId(HttpHeaders headers) {
        for (String link : headers.getOrEmpty(HttpHeaders.LINK)) {
            Matcher canonical = CANONICAL_LINK.matcher(link);
            if (canonical.find() && IntercomIds.isValid(canonical.group(1))) {
                return canonical.group(1);
            }
        }
        return null;
    }
}
