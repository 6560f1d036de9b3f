package dev.intercomgateway.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The host's error report in place of Tomcat's HTML page: what Tomcat refuses itself before Spring
 * sees a request (a request line or path it cannot read: a raw or encoded backslash, {@code %00},
 * a broken or non-UTF-8 escape, an unencoded {@code "} {@code <} {@code ^} {@code `} {@code {}
 * {@code |}, brackets in a query name, an over-long request line) is answered in the surface's
 * format, chosen by the raw path: Intercom's {@code error.list} on {@code /intercom/**}, an RFC 9457
 * {@code application/problem+json} anywhere else. Never HTML, never the server's name. Anything the
 * application already wrote is left as it is.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public JsonErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        boolean surface = ErrorListWriter.onTheSurface(rawPath(request));
        // refused before any filter ran (TRACE, an unreadable request line): the headers and ids every answer has
        String requestId = RequestIdFilter.identifyEarlyAnswer(request, response);
        org.slf4j.MDC.put(RequestIdFilter.MDC_KEY, requestId);
        try {
            response.setContentType(surface ? MediaType.APPLICATION_JSON_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(surface ? new String(ErrorListWriter.body(ErrorListWriter.codeFor(status), detail(status, true)), StandardCharsets.UTF_8)
                        : problem(status, traceIdOf(request.getHeader("traceparent"))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException notWritable) {
            // the connection is gone or the response was taken over: nothing more to say
        } finally {
            org.slf4j.MDC.remove(RequestIdFilter.MDC_KEY);
        }
    }

    private static final java.util.regex.Pattern TRACEPARENT = java.util.regex.Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    /**
     * The trace id of a caller's W3C {@code traceparent} (version-traceid-parentid-flags, lower-case hex; an all-zero
     * id is invalid), or null: what the request's span would have continued had the request reached the filters.
     */
    static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        java.util.regex.Matcher matcher = TRACEPARENT.matcher(traceparent.strip());
        return matcher.matches() && !matcher.group(1).equals("0".repeat(32)) && !traceparent.strip().startsWith("ff") ? matcher.group(1) : null;
    }

    /** The problem for a status, with {@code errors[]} naming the request as the field for a 400. */
    static String problem(int status) {
        return problem(status, null);
    }

    static String problem(int status, String traceId) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail(status, false));
        RequestIdFilter.identify(problem::put);
        if (traceId != null) {
            problem.put("trace_id", traceId);
        }
        if (status == 400) {
            problem.put("errors", List.of(Map.of("field", "request", "message", detail(status, false))));
        }
        return JSON.writeValueAsString(problem);
    }

    static String detail(int status, boolean surface) {
        String detail = switch (status) {
            case 400 -> "The request line, path, query or headers could not be read: a backslash (raw or encoded), a NUL, "
                    + "a malformed or non-UTF-8 percent-encoding, an unencoded \" < > ^ ` { | } or brackets, or an over-long "
                    + "request line or header";
            case 414 -> "The request line is too long";
            case 431 -> "The request headers are too large";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield known == null ? "The request could not be served" : known.getReasonPhrase();
            }
        };
        return surface ? detail + "; nothing was sent to Intercom" : detail;
    }

    /**
     * The path as it arrived (not decoded). When Tomcat could not read the request line (a character
     * a request target may not hold, a line longer than the header buffer), the request has no URI:
     * the target is then read from the start of the bytes Tomcat received, which is all the choice
     * of format needs.
     */
    static String rawPath(Request request) {
        String raw = request.getCoyoteRequest().requestURI().toString();
        if (raw != null && !raw.isEmpty()) {
            return raw;
        }
        if (request.getCoyoteRequest().getInputBuffer() instanceof ApplicationBufferHandler received && received.getByteBuffer() != null) {
            return targetOf(received.getByteBuffer());
        }
        return "";
    }

    /** The request target of the request line at the start of a buffer (leading blank lines skipped), as far as it was received. */
    static String targetOf(ByteBuffer buffer) {
        int end = Math.min(buffer.limit(), 16 * 1024);
        int at = 0;
        while (at < end && (buffer.get(at) == '\r' || buffer.get(at) == '\n')) {
            at++;
        }
        while (at < end && buffer.get(at) != ' ') {
            at++;
        }
        while (at < end && buffer.get(at) == ' ') {
            at++;
        }
        StringBuilder target = new StringBuilder();
        for (; at < end && buffer.get(at) != ' ' && buffer.get(at) != '\r' && buffer.get(at) != '\n' && target.length() < 64; at++) {
            target.append((char) (buffer.get(at) & 0xff));
        }
        return target.toString();
    }
}
