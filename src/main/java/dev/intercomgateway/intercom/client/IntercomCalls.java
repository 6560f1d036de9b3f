package dev.intercomgateway.intercom.client;

import java.util.function.Supplier;

import org.springframework.http.ResponseEntity;

/**
 * The one seam every Intercom call passes, beneath {@link IntercomApi}'s proxy
 * ({@link IntercomCallsAdapter}) and under the passthrough ({@link IntercomPassthrough}).
 * {@code exchange} sends the request once, as a new exchange each time it is called, so a step may
 * call it again (the retry) or not at all (a refusal, an answer it already holds).
 *
 * <p>The steps are decorators of this interface, chained in one bean method
 * ({@code IntercomGatewayConfiguration.intercomCalls}): {@link DirectIntercomCalls} at the bottom
 * sends once and types every outcome; {@code ResilientIntercomCalls} wraps it (retry, breaker,
 * budget, call slots). One more step (a read cache, say) is one more class implementing this
 * interface, wrapped around the chain there.
 */
public interface IntercomCalls {

    <T> IntercomResponse<T> perform(IntercomCall call, Supplier<ResponseEntity<T>> exchange);
}
