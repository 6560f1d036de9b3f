package dev.intercomgateway.intercom.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;

import dev.intercomgateway.intercom.operations.IntercomOperation;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends one request of an Intercom operation as a caller shaped it, through the same WebClient and
 * the same policies as every other call ({@link IntercomCalls}: retry by method, breaker, budget,
 * bulkhead), and hands back the answer's headers with its body still unread, to be streamed on;
 * the call's slots stay taken until that body ends ({@link HeldAnswer}).
 * The token and the version are set by {@link IntercomHeadersFilter}; nothing else of the caller's
 * request travels but what {@link Request} holds.
 */
public class IntercomPassthrough {

    /** The WebClient's own attribute for the URI template, which its metrics use as the {@code uri} tag instead of the path. */
    private static final String URI_TEMPLATE_ATTRIBUTE = WebClient.class.getName() + ".uriTemplate";

    private final WebClient webClient;
    private final IntercomCalls calls;
    private final URI baseUrl;
    private final Duration responseTimeout;

    public IntercomPassthrough(WebClient webClient, IntercomCalls calls, URI baseUrl, Duration responseTimeout) {
        this.webClient = webClient;
        this.calls = calls;
        this.baseUrl = baseUrl;
        this.responseTimeout = responseTimeout;
    }

    /**
     * A request for one operation: its path variables (decoded), the raw query string, the body
     * (already bounded in size, so that a retry can send it again) and the negotiable headers.
     */
    public record Request(IntercomOperation operation, Map<String, String> variables, String rawQuery, String contentType, byte[] body,
            String accept, String version) {
    }

    /**
     * Intercom's answer: status and headers, and a body that has not been read yet. It holds its
     * connection and its call's slots until the body ends (read, failed, cancelled) or the answer is
     * closed, whichever comes first; closing an unread answer closes its connection.
     */
    public static final class Answer implements HeldAnswer, AutoCloseable {

        private final int status;
        private final HttpHeaders headers;
        private final Flux<DataBuffer> unread;
        private final Flux<DataBuffer> body;
        private final AtomicBoolean subscribed = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicReference<Runnable> release = new AtomicReference<>();

        Answer(int status, HttpHeaders headers, Flux<DataBuffer> unread) {
            this.status = status;
            this.headers = headers;
            this.unread = unread;
            this.body = unread.doOnSubscribe(subscription -> subscribed.set(true)).doFinally(signal -> end());
        }

        public int status() {
            return status;
        }

        public HttpHeaders headers() {
            return headers;
        }

        /** The body, to be subscribed once; cancelling it closes Intercom's connection. */
        public Flux<DataBuffer> body() {
            return body;
        }

        @Override
        public void releaseWhenDone(Runnable onEnd) {
            release.set(onEnd);
            if (ended.get()) {
                runRelease();
            }
        }

        @Override
        public void close() {
            if (subscribed.compareAndSet(false, true)) {
                unread.subscribe(DataBufferUtils::release, failure -> { }).dispose();
            }
            end();
        }

        private void end() {
            ended.set(true);
            runRelease();
        }

        private void runRelease() {
            Runnable onEnd = release.getAndSet(null);
            if (onEnd != null) {
                onEnd.run();
            }
        }
    }

    public IntercomResponse<Answer> forward(Request request) {
        IntercomOperation operation = request.operation();
        URI uri = uri(request);
        return calls.perform(IntercomCall.forCurrentCaller(operation.method(), operation.pathTemplate()), () -> {
            WebClient.RequestBodySpec spec = webClient.method(operation.method())
                    .uri(uri)
                    .attribute(URI_TEMPLATE_ATTRIBUTE, operation.pathTemplate())
                    .attribute(IntercomErrorDecoder.STREAMED, true);
            if (request.version() != null) {
                spec = spec.attribute(IntercomHeadersFilter.VERSION, request.version());
            }
            if (request.accept() != null) {
                spec = spec.attribute(IntercomHeadersFilter.ACCEPT, request.accept());
            }
            if (request.body() != null && request.body().length > 0) {
                spec.headers(headers -> headers.set(HttpHeaders.CONTENT_TYPE,
                        request.contentType() == null ? "application/json" : request.contentType()));
                spec.bodyValue(request.body());
            }
            ResponseEntity<Flux<DataBuffer>> entity = spec.retrieve().toEntityFlux(DataBuffer.class).block(responseTimeout);
            return entity == null ? null : ResponseEntity.status(entity.getStatusCode()).headers(entity.getHeaders())
                    .body(new Answer(entity.getStatusCode().value(), entity.getHeaders(), entity.getBody()));
        });
    }

    /**
     * A read of an operation, its answer read whole (bounded by {@code intercom.max-response-size}),
     * for the read cache; through the same policies as {@link #forward}.
     */
    public IntercomResponse<byte[]> read(Request request) {
        IntercomOperation operation = request.operation();
        URI uri = uri(request);
        return calls.perform(IntercomCall.forCurrentCaller(operation.method(), operation.pathTemplate()), () -> {
            WebClient.RequestHeadersSpec<?> spec = webClient.method(operation.method())
                    .uri(uri)
                    .attribute(URI_TEMPLATE_ATTRIBUTE, operation.pathTemplate());
            if (request.version() != null) {
                spec = spec.attribute(IntercomHeadersFilter.VERSION, request.version());
            }
            return spec.retrieve().toEntity(byte[].class).block(responseTimeout);
        });
    }

    /** Intercom's path with the caller's variables encoded back as single segments, and the query as the caller sent it. */
    private URI uri(Request request) {
        String path = request.operation().pathTemplate();
        for (Map.Entry<String, String> variable : request.variables().entrySet()) {
            path = path.replace("{" + variable.getKey() + "}", encodeSegment(variable.getValue()));
        }
        String base = baseUrl.toString().replaceAll("/+$", "");
        String query = request.rawQuery() == null || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
        return URI.create(base + path + query);
    }

    /**
     * A decoded value as one path segment, encoded once: every byte of its UTF-8 but RFC 3986's
     * unreserved characters is escaped, as JavaScript's {@code encodeURIComponent} (the Node SDK's)
     * does and more, so that {@code ;}, {@code +}, {@code =} or {@code ,} reach Intercom as data,
     * never as a separator a server might read ({@code UriUtils.encodePathSegment} leaves them bare).
     */
    static String encodeSegment(String value) {
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return encoded.toString();
    }
}
