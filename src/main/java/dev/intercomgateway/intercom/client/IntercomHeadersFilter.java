package dev.intercomgateway.intercom.client;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Sets the headers Intercom needs on every call, replacing whatever was there: the bearer token,
 * the API version and JSON as the accepted type. Cookies are dropped, and so are the trace-context
 * headers the WebClient's observation injects: a trace ends at the gateway, Intercom is not part of it
 * (nor told our trace or a caller's ids).
 */
public class IntercomHeadersFilter implements ExchangeFilterFunction {

    /** Request attribute: an Intercom-Version to send instead of the configured one (a version a passthrough caller may choose). */
    public static final String VERSION = IntercomHeadersFilter.class.getName() + ".version";
    /** Request attribute: the Accept header to send instead of JSON (what a passthrough caller asked for). */
    public static final String ACCEPT = IntercomHeadersFilter.class.getName() + ".accept";

    /** W3C Trace Context and Baggage, and Zipkin's B3 (single and multiple headers). */
    static final List<String> TRACE_CONTEXT = List.of("traceparent", "tracestate", "baggage", "b3", "X-B3-TraceId", "X-B3-SpanId",
            "X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags");

    private final String accessToken;
    private final String apiVersion;

    public IntercomHeadersFilter(String accessToken, String apiVersion) {
        this.accessToken = accessToken;
        this.apiVersion = apiVersion;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        ClientRequest withHeaders = ClientRequest.from(request)
                .headers(headers -> {
                    headers.remove(HttpHeaders.COOKIE);
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    TRACE_CONTEXT.forEach(headers::remove);
                    if (accessToken != null && !accessToken.isBlank()) {
                        headers.setBearerAuth(accessToken);
                    }
                    headers.set("Intercom-Version", request.attribute(VERSION).map(String::valueOf).orElse(apiVersion));
                    request.attribute(ACCEPT).map(String::valueOf).ifPresentOrElse(accept -> headers.set(HttpHeaders.ACCEPT, accept),
                            () -> headers.setAccept(List.of(MediaType.APPLICATION_JSON)));
                })
                .cookies(cookies -> cookies.clear())
                .build();
        return next.exchange(withHeaders);
    }

    @Override
    public String toString() {
        return "IntercomHeadersFilter[apiVersion=" + apiVersion + "]";
    }
}
