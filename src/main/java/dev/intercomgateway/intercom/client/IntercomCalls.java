package dev.intercomgateway.intercom.client;

import java.util.function.Supplier;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The one seam every Intercom call passes: the policies (retry, breaker, budget, bulkhead) wrap it
 * in one place. {@code method} tells them whether repeating the call is safe; {@code operation}
 * ({@code "POST /messages"}) names it in logs and errors, never with ids.
 */
public interface IntercomCalls {

    <T> IntercomResponse<T> perform(HttpMethod method, String operation, Supplier<ResponseEntity<T>> call);
}
