package dev.intercomgateway.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.web.RequestIdFilter;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One JSON line on the {@code audit} logger for every write and every read of a single user: who,
 * what, which Intercom id, the outcome and the request id. No personal data beyond the id.
 */
public class AuditLog implements HandlerInterceptor {

    private static final Logger audit = LoggerFactory.getLogger("audit");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null || !pattern.startsWith("/api/") || !isAudited(request.getMethod(), pattern)) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "audit");
        line.put("caller", caller());
        line.put("operation", request.getMethod() + " " + pattern);
        line.put("intercom_id", intercomId(request, response));
        line.put("outcome", response.getStatus());
        line.put("request_id", RequestIdFilter.current());
        audit.info(JSON.writeValueAsString(line));
    }

    /** A caller was refused by its scopes before reaching a handler: an attempt worth a line too. */
    static void denied(HttpServletRequest request) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "audit");
        line.put("caller", caller());
        line.put("operation", request.getMethod() + " " + request.getRequestURI().replaceAll("[^A-Za-z0-9/_.-]", "?"));
        line.put("intercom_id", null);
        line.put("outcome", 403);
        line.put("request_id", RequestIdFilter.current());
        audit.info(JSON.writeValueAsString(line));
    }

    private static boolean isAudited(String method, String pattern) {
        return WRITES.contains(method) || pattern.equals("/api/v1/users/{id}");
    }

    private static String caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() || "anonymousUser".equals(authentication.getName())
                ? "anonymous"
                : authentication.getName();
    }

    @SuppressWarnings("unchecked")
    private static String intercomId(HttpServletRequest request, HttpServletResponse response) {
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null && variables.get("id") != null) {
            return variables.get("id");
        }
        String location = response.getHeader(HttpHeaders.LOCATION);
        return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
    }
}
