package dev.intercomgateway.idempotency;

import java.util.Map;

/** What is replayed for a repeated Idempotency-Key: status, the headers that matter, and the body. */
public record StoredResponse(int status, Map<String, String> headers, byte[] body) {
}
