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
                // raw buffers, not a decoder: the gateway's own size limit must still apply to what it reads
                .flatMap(response -> DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers())).map(ContractCheckFilter::bytes)
                        .defaultIfEmpty(new byte[0]).map(body -> {
                    if (checked.compareAndSet(false, true)) {
                        ContractViolations.check(exchange(request, sent.toByteArray(), response.statusCode().value(),
                                response.headers().asHttpHeaders(), body));
                    }
                    return response.mutate().body(body.length == 0 ? Flux.empty()
                            : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body))).build();
                }))
                .doOnError(failure -> {
                    if (checked.compareAndSet(false, true)) {
                        ContractViolations.check(exchange(request, sent.toByteArray(), null, HttpHeaders.EMPTY, null));
                    }
                });
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
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
