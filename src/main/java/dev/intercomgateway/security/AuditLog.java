package dev.intercomgateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.web.FinalStatus;
import dev.intercomgateway.web.RequestIdFilter;

import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One JSON line on the {@code audit} logger for every call of an {@link Audited} handler (every
 * write, every read or search of users, leads, conversations and tags), and every refused attempt: who, what, which Intercom id, the outcome and the
 * request id. No personal data beyond the id (search filters such as an email are not logged).
 * A value that could name a person (a caller-chosen external id, a phone number, anything not
 * shaped like an Intercom id) appears only as {@code sha256:} and the first 12 hex digits of its
 * SHA-256: lines about the same value still match, and a known value can be checked, without the
 * log holding it.
 */
public class AuditLog implements HandlerInterceptor {

    private static final Logger audit = LoggerFactory.getLogger("audit");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Path variables the caller chooses and that name a person, from Intercom's description:
     * {@code /contacts/find_by_external_id/{external_id}}, {@code /fin_voice/external_id/{external_id}},
     * {@code /fin_voice/phone_number/{phone_number}}.
     */
    private static final Set<String> IDENTIFYING_VARIABLES = Set.of("external_id", "phone_number", "email");
    /** The path segments those variables follow, for refused requests that never matched an operation. */
    private static final Set<String> IDENTIFYING_SEGMENTS = Set.of("find_by_external_id", "external_id", "phone_number");
    /** What Intercom's own ids look like (see IntercomIds); anything else is the caller's text. */
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null || !pattern.startsWith("/api/") || !(handler instanceof HandlerMethod method) || !ApiScopes.audited(method.getMethod())) {
            return;
        }
        // built now (the caller and request id are known only here), written with the status the caller gets (304 from the ETag filter)
        Map<String, Object> line = line(request.getMethod() + " " + pattern, "intercom_id", intercomId(request, response),
                response.getStatus(), response.getHeader("Cache-Status"));
        FinalStatus.whenKnown(request, response.getStatus(), status -> {
            line.put("outcome", status);
            audit.info(JSON.writeValueAsString(line));
        });
    }

    /** A caller was refused (401 credentials, 403 scopes or acting as) before reaching a handler: an attempt worth a line too. */
    static void refused(HttpServletRequest request, int status) {
        write(request.getMethod() + " " + redactedPath(request.getRequestURI()), "intercom_id", null, status, null);
    }

    /**
     * A call on the Intercom-compatible surface: Intercom's operation id with its templated path,
     * and the ids in the path by Intercom's names (never the query or the body).
     */
    public static void passthrough(String method, String operation, Map<String, String> ids, Object outcome) {
        passthrough(method, operation, ids, outcome, null);
    }

    /** A call on the Intercom-compatible surface, with its answer's {@code Cache-Status} (null when the cache took no part). */
    public static void passthrough(String method, String operation, Map<String, String> ids, Object outcome, String cacheStatus) {
        Map<String, String> logged = new LinkedHashMap<>();
        ids.forEach((name, value) -> logged.put(name, redacted(name, value)));
        write(method + " " + operation, "intercom_ids", logged, outcome, cacheStatus);
    }

    /** A subscription to the event log opened or ended: who, which path, its details (start id, topics, events sent), and how. */
    public static void subscription(String caller, String path, Map<String, Object> details, String outcome) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "audit");
        line.put("caller", caller);
        line.put("operation", "GET " + path);
        line.put("subscription", details);
        line.put("outcome", outcome);
        line.put("request_id", RequestIdFilter.current());
        audit.info(JSON.writeValueAsString(line));
    }

    /** The value as an audit line may hold it: verbatim when it is an Intercom id, else its short hash. */
    static String redacted(String name, String value) {
        if (value == null || (!IDENTIFYING_VARIABLES.contains(name) && PLAIN_ID.matcher(value).matches())) {
            return value;
        }
        return shortHash(value);
    }

    /** A path no operation matched: each segment an Intercom id could be stays, the rest (and what follows an identifying segment) is hashed. */
    static String redactedPath(String path) {
        String[] segments = path.split("/", -1);
        StringBuilder redacted = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean identifying = i > 0 && IDENTIFYING_SEGMENTS.contains(segments[i - 1]);
            redacted.append(i == 0 ? "" : "/")
                    .append(segment.isEmpty() || (!identifying && PLAIN_ID.matcher(segment).matches()) ? segment : shortHash(segment));
        }
        return redacted.toString();
    }

    private static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * One audit line: who did what, on which Intercom id(s), with what outcome, under which request
     * id; a read the cache took part in says how ({@code "cache": "hit"}, {@code "miss"}, ...).
     */
    private static void write(String operation, String idField, Object ids, Object outcome, String cacheStatus) {
        audit.info(JSON.writeValueAsString(line(operation, idField, ids, outcome, cacheStatus)));
    }

    private static Map<String, Object> line(String operation, String idField, Object ids, Object outcome, String cacheStatus) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "audit");
        line.put("caller", caller());
        line.put("operation", operation);
        line.put(idField, ids);
        line.put("outcome", outcome);
        String cache = cacheStatus == null ? null : cacheTag(cacheStatus);
        if (cache != null) {
            line.put("cache", cache);
        }
        line.put("request_id", RequestIdFilter.current());
        return line;
    }

    /** The outcome in an RFC 9211 Cache-Status value, as one word; null when the cache is off (bypass). */
    static String cacheTag(String cacheStatus) {
        if (cacheStatus.contains("; hit")) {
            return "hit";
        }
        if (cacheStatus.contains("collapsed")) {
            return "coalesced";
        }
        if (cacheStatus.contains("fwd=request")) {
            return "refresh";
        }
        return cacheStatus.contains("fwd=bypass") ? null : "miss";
    }

    private static String caller() {
        return CallerIdentity.current();
    }

    @SuppressWarnings("unchecked")
    private static String intercomId(HttpServletRequest request, HttpServletResponse response) {
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null && variables.get("id") != null) {
            return redacted("id", variables.get("id"));
        }
        String location = response.getHeader(HttpHeaders.LOCATION);
        return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
    }
}
