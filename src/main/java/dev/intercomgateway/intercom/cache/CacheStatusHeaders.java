package dev.intercomgateway.intercom.cache;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * An internal API answer built from a read the cache took part in carries RFC 9211's
 * {@code Cache-Status} ({@code intercom-gateway; hit}, {@code intercom-gateway; fwd=miss}, ...) and
 * {@code Age} (seconds since the answer was fetched from Intercom), on a HEAD as on a GET. A refusal
 * built from a cached read (a lead's id read as a user's: 404) carries neither, so that it cannot tell
 * a caller that the object exists or was read lately by another.
 */
@ControllerAdvice
class CacheStatusHeaders implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        CacheRead read = CacheRequests.last();
        boolean reading = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        if (read != null && reading && request.getURI().getPath().startsWith("/api/") && !(body instanceof ProblemDetail)
                && !(response instanceof ServletServerHttpResponse servlet && servlet.getServletResponse().getStatus() >= 400)) {
            response.getHeaders().set("Cache-Status", read.cacheStatus());
            response.getHeaders().set(HttpHeaders.AGE, String.valueOf(read.ageSeconds()));
        }
        return body;
    }
}
