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
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One JSON line on the {@code audit} logger for every write, every read or search of users and
 * conversations, and every refused attempt: who, what, which Intercom id, the outcome and the
 * request id. No personal data beyond the id (search filters such as an email are not logged).
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
        write(request.getMethod() + " " + pattern, "intercom_id", intercomId(request, response), response.getStatus());
    }

    /** A caller was refused (401 credentials, 403 scopes or acting as) before reaching a handler: an attempt worth a line too. */
    static void refused(HttpServletRequest request, int status) {
        write(request.getMethod() + " " + request.getRequestURI().replaceAll("[^A-Za-z0-9/_.-]", "?"), "intercom_id", null, status);
    }

    /**
     * A call on the Intercom-compatible surface: Intercom's operation id with its templated path,
     * and the ids in the path by Intercom's names (never the query or the body).
     */
    public static void passthrough(String method, String operation, Map<String, String> ids, Object outcome) {
        write(method + " " + operation, "intercom_ids", ids, outcome);
    }

    /** One audit line: who did what, on which Intercom id(s), with what outcome, under which request id. */
    private static void write(String operation, String idField, Object ids, Object outcome) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "audit");
        line.put("caller", caller());
        line.put("operation", operation);
        line.put(idField, ids);
        line.put("outcome", outcome);
        line.put("request_id", RequestIdFilter.current());
        audit.info(JSON.writeValueAsString(line));
    }

    /** Every operation on customer data: writes, and reads and searches of users and conversations. */
    private static boolean isAudited(String method, String pattern) {
        return WRITES.contains(method) || pattern.startsWith("/api/v1/users") || pattern.startsWith("/api/v1/leads")
                || pattern.startsWith("/api/v1/conversations") || pattern.startsWith("/api/v1/tags");
    }

    private static String caller() {
        return CallerIdentity.current();
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
