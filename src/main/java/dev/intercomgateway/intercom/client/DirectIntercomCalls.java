package dev.intercomgateway.intercom.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.WriteTimeoutException;
import reactor.core.Exceptions;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.IntercomTimeoutException;
import dev.intercomgateway.intercom.IntercomUnreachableException;
import dev.intercomgateway.intercom.SentToIntercom;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.UnsupportedMediaTypeException;

/**
 * Performs a call once (one exchange through the WebClient) and turns every outcome into either an
 * {@link IntercomResponse} or a typed {@link IntercomException}: Intercom's error answers are
 * decoded by {@link IntercomErrorDecoder}, transport failures and unusable bodies here.
 */
public class DirectIntercomCalls implements IntercomCalls {

    @Override
    public <T> IntercomResponse<T> perform(IntercomCall call, Supplier<ResponseEntity<T>> exchange) {
        HttpMethod method = call.method();
        String operation = call.operation();
        ResponseEntity<T> response;
        try {
            response = exchange.get();
        } catch (IntercomException e) {
            SentToIntercom.recordUnlessUnsent(method, e);
            throw e;
        } catch (RuntimeException e) {
            IntercomException failure = translate(Exceptions.unwrap(e), operation);
            SentToIntercom.recordUnlessUnsent(method, failure);
            throw failure;
        }
        SentToIntercom.record(method);
        String requestId = response.getHeaders().getFirst("X-Request-Id");
        if (response.getBody() == null) {
            throw new IntercomBadResponseException(response.getStatusCode().value(), "Intercom answered " + operation + " with an empty body",
                    requestId, null);
        }
        return new IntercomResponse<>(response.getStatusCode().value(), response.getBody(), IntercomRateLimit.from(response.getHeaders()),
                requestId);
    }

    static IntercomException translate(Throwable failure, String operation) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IntercomException intercom) {
                return intercom;
            }
            if (cause instanceof PoolAcquireTimeoutException || cause instanceof PoolAcquirePendingLimitException) {
                // the gateway's own saturation (a TimeoutException too), not Intercom failing: refused, neither retried nor counted by the breaker
                return new IntercomRejectedException(IntercomRejectedException.Reason.NO_FREE_CONNECTION,
                        "All connections to Intercom are in use", Duration.ofSeconds(1), failure);
            }
            if (cause instanceof DataBufferLimitException) {
                // a bad answer, so not retried: the same call would get the same oversized answer
                return new IntercomBadResponseException(200, "Intercom's answer to " + operation + " is larger than intercom.max-response-size",
                        null, failure);
            }
            if (cause instanceof CodecException || cause instanceof UnsupportedMediaTypeException) {
                return new IntercomBadResponseException(200, "Intercom answered " + operation + " with a body that is not the expected JSON",
                        null, failure);
            }
            if (cause instanceof ConnectTimeoutException) {
                return new IntercomTimeoutException("Could not connect to Intercom in time for " + operation, false, failure);
            }
            if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException || cause instanceof WriteTimeoutException
                    || (cause instanceof IllegalStateException blocked && String.valueOf(blocked.getMessage()).startsWith("Timeout on blocking read"))) {
                return new IntercomTimeoutException("Intercom did not answer " + operation + " in time", true, failure);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new IntercomUnreachableException("Could not connect to Intercom for " + operation, false, failure);
            }
            if (cause instanceof PrematureCloseException || cause instanceof ClosedChannelException) {
                return new IntercomUnreachableException("Intercom closed the connection during " + operation, true, failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new IntercomUnreachableException("Intercom call " + operation + " failed: " + root.getClass().getSimpleName(), true, failure);
    }
}
