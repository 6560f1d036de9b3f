package dev.intercomgateway.intercom.client;

import dev.intercomgateway.intercom.IntercomException;

/**
 * Performs one Intercom call. Every call of the service goes through this single seam, which is
 * where retry, rate-limit and circuit-breaker policies wrap the HTTP client.
 *
 * @throws IntercomException when Intercom answers with an error or cannot be used
 */
public interface IntercomTransport {

    <T> IntercomResponse<T> exchange(IntercomCall<T> call);
}
