package dev.intercomgateway.contract;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The innermost filter of the gateway's WebClient in tests: it sees each request as it leaves (the
 * token and version headers set, the body as bytes) and each answer as it is read, and checks both
 * against Intercom's description. The answer is passed on unchanged.
 */
public final class ContractCheckFilter implements ExchangeFilterFunction {

    /** Answers up to this size are checked whole; larger ones (a streamed export) only for their request. */
    static final int MAX_CHECKED_ANSWER = 4 * 1024 * 1024;

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        AtomicBoolean checked = new AtomicBoolean();
        ClientRequest capturing = ClientRequest.from(request)
                .body((message, context) -> request.body().insert(new ClientHttpRequestDecorator(message) {
                    @Override
                    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                        return super.writeWith(Flux.from(body).doOnNext(buffer -> copy(buffer, sent)));
                    }
                }, context))
                .build();
        return next.exchange(capturing)
                // the answer is teed, not buffered: streamed answers stay streamed, and the check runs once the reader has it all
                .map(response -> {
                    java.util.concurrent.atomic.AtomicReference<ByteArrayOutputStream> received =
                            new java.util.concurrent.atomic.AtomicReference<>(new ByteArrayOutputStream());
                    AtomicBoolean tooLarge = new AtomicBoolean();
                    int status = response.statusCode().value();
                    HttpHeaders headers = response.headers().asHttpHeaders();
                    return response.mutate().body(body -> body
                            .doOnNext(buffer -> {
                                ByteArrayOutputStream copy = received.get();
                                if (copy != null && copy.size() + buffer.readableByteCount() > MAX_CHECKED_ANSWER) {
                                    tooLarge.set(true);
                                    received.set(null);
                                } else if (copy != null) {
                                    copy(buffer, copy);
                                }
                            })
                            .doOnComplete(() -> {
                                if (checked.compareAndSet(false, true)) {
                                    // an answer too large to hold is checked for its request only
                                    ContractViolations.check(tooLarge.get()
                                            ? exchange(request, sent.toByteArray(), null, HttpHeaders.EMPTY, null)
                                            : exchange(request, sent.toByteArray(), status, headers, received.get().toByteArray()));
                                }
                            })
                            // a reader that stopped early (a caller that left) saw part of the answer: nothing to judge it by
                            .doOnCancel(() -> checked.set(true)))
                            .build();
                })
                .doOnError(failure -> {
                    if (checked.compareAndSet(false, true)) {
                        ContractViolations.check(exchange(request, sent.toByteArray(), null, HttpHeaders.EMPTY, null));
                    }
                });
    }

    private static IntercomContract.Exchange exchange(ClientRequest request, byte[] requestBody, Integer status,
            HttpHeaders responseHeaders, byte[] responseBody) {
        var uri = UriComponentsBuilder.fromUri(request.url()).build();
        Map<String, List<String>> query = new LinkedHashMap<>();
        uri.getQueryParams().forEach((name, values) -> query.put(name, values.stream()
                .map(value -> value == null ? "" : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8)).toList()));
        return new IntercomContract.Exchange(request.method().name(), request.url().getRawPath(), query, toMap(request.headers()),
                requestBody, status, toMap(responseHeaders), responseBody);
    }

    private static Map<String, List<String>> toMap(HttpHeaders headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        headers.forEach(map::put);
        return map;
    }

    private static void copy(DataBuffer buffer, ByteArrayOutputStream into) {
        try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
            while (buffers.hasNext()) {
                ByteBuffer part = buffers.next();
                byte[] bytes = new byte[part.remaining()];
                part.get(bytes);
                synchronized (into) {
                    into.write(bytes, 0, bytes.length);
                }
            }
        }
    }
}
