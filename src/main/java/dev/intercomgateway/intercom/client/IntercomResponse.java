package dev.intercomgateway.intercom.client;

import dev.intercomgateway.intercom.IntercomRateLimit;

/** A successful Intercom answer with the budget it reported. */
public record IntercomResponse<T>(int status, T body, IntercomRateLimit rateLimit, String requestId) {
}
