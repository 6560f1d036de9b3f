package dev.intercomgateway.intercom.client;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * One call to Intercom, described rather than performed, so that policies (retry, rate limit,
 * circuit breaker) can decide on it in one place. The URI is a template: variables are encoded
 * by the transport, never concatenated.
 */
public record IntercomCall<T>(HttpMethod method, String uriTemplate, List<String> uriVariables, Object body, Class<T> responseType) {

    public static <T> IntercomCall<T> get(Class<T> responseType, String uriTemplate, String... uriVariables) {
        return new IntercomCall<>(HttpMethod.GET, uriTemplate, List.of(uriVariables), null, responseType);
    }

    public static <T> IntercomCall<T> post(Class<T> responseType, Object body, String uriTemplate, String... uriVariables) {
        return new IntercomCall<>(HttpMethod.POST, uriTemplate, List.of(uriVariables), body, responseType);
    }

    public static <T> IntercomCall<T> put(Class<T> responseType, Object body, String uriTemplate, String... uriVariables) {
        return new IntercomCall<>(HttpMethod.PUT, uriTemplate, List.of(uriVariables), body, responseType);
    }

    public static <T> IntercomCall<T> delete(Class<T> responseType, String uriTemplate, String... uriVariables) {
        return new IntercomCall<>(HttpMethod.DELETE, uriTemplate, List.of(uriVariables), null, responseType);
    }

    /** For logs and messages: the method and the template, never the ids or the body. */
    public String describe() {
        return method.name() + " " + uriTemplate;
    }
}
