package dev.intercomgateway.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The gateway's own refusals on the Intercom-compatible surface ({@code /intercom/**}), written in
 * Intercom's {@code error.list} shape so that Intercom's SDKs raise their typed errors: the same
 * status, a code from Intercom's vocabulary, the gateway's request id.
 */
public final class ErrorListWriter {

    /** Where the Intercom-compatible surface lives: Intercom's paths below this prefix. */
    public static final String PASSTHROUGH_PREFIX = "/intercom";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorListWriter() {
    }

    /** Whether a request is on the Intercom-compatible surface, where errors are {@code error.list}, not problems. */
    public static boolean applies(HttpServletRequest request) {
        return onTheSurface(request.getRequestURI().substring(request.getContextPath().length()));
    }

    /**
     * Whether a raw path (not decoded) is on the surface: its first segment is {@code intercom},
     * with or without path parameters ({@code /intercom;x/me} is refused there in the surface's format).
     */
    public static boolean onTheSurface(String rawPath) {
        return rawPath.equals(PASSTHROUGH_PREFIX) || rawPath.startsWith(PASSTHROUGH_PREFIX + "/")
                || rawPath.startsWith(PASSTHROUGH_PREFIX + ";") || rawPath.startsWith(PASSTHROUGH_PREFIX + "?");
    }

    public static void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        write(response, status.value(), codeFor(status.value()), message);
    }

    public static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(body(code, message));
    }

    public static byte[] body(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("type", "error.list");
        list.put("request_id", requestId());
        list.put("errors", List.of(error));
        return JSON.writeValueAsBytes(list);
    }

    /** Intercom's code for a status, as its documentation lists them. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "parameter_invalid";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limit_exceeded";
            case 503 -> "service_unavailable";
            case 504 -> "request_timeout";
            default -> status >= 500 ? "server_error" : "parameter_invalid";
        };
    }

    /** The gateway's request id when it is a UUID (Intercom's field is one), else none. */
    private static String requestId() {
        String current = RequestIdFilter.current();
        if (current == null) {
            return null;
        }
        try {
            return UUID.fromString(current).toString().equals(current.toLowerCase(java.util.Locale.ROOT)) ? current : null;
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}
