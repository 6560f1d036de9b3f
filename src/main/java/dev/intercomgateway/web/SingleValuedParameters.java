package dev.intercomgateway.web;

import java.util.Collection;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A query parameter the handler takes as one value ({@code limit}, {@code created_after}, {@code open} ...)
 * given more than once is a 400 naming it ("must be given once"), for every handler of the API:
 * otherwise the first value would win silently and {@code ?limit=5&limit=abc} would pass. Parameters
 * the handler takes as a list, an array or a map may repeat.
 */
final class SingleValuedParameters implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                if (param == null || multiValued(parameter.getParameterType())) {
                    continue;
                }
                String name = !param.name().isEmpty() ? param.name() : parameter.getParameterName();
                String[] values = name == null ? null : request.getParameterValues(name);
                if (values != null && values.length > 1) {
                    throw new InvalidRequestException(name, "must be given once");
                }
            }
        }
        return true;
    }

    private static boolean multiValued(Class<?> type) {
        return type.isArray() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
                || org.springframework.util.MultiValueMap.class.isAssignableFrom(type);
    }
}
