package dev.intercomgateway.web;

import java.io.IOException;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.MDC;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request has an id: the caller's {@code X-Request-Id} when it is a sane token, else a new
 * one. It is returned in the response header, put in the logging context ({@code request_id}) and
 * in problem bodies, so that a caller's report can be matched with the service's logs.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

    /** A streamed answer's end comes back on an async dispatch, whose log lines (the audit line) carry the same id. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = (String) request.getAttribute(ATTRIBUTE);
        if (requestId == null) {
            requestId = idFor(request.getHeader(HEADER));
            request.setAttribute(ATTRIBUTE, requestId);
            response.setHeader(HEADER, requestId);
        }
        MDC.put(MDC_KEY, requestId);
        try {
            chain.doFilter(request, response);
        } catch (InvalidParameterException | ServletException malformed) {
            // A malformed query string fails wherever parameters are first read, possibly outside
            // Spring MVC's exception handling (debug logging of the request reads them early).
            if (!(malformed instanceof InvalidParameterException) && !(malformed.getCause() instanceof InvalidParameterException)) {
                throw malformed;
            }
            if (response.isCommitted()) {
                throw malformed;
            }
            response.reset();
            response.setHeader(HEADER, requestId);
            ProblemWriter.write(request, response, HttpStatus.BAD_REQUEST, "The query string is malformed (for example a parameter without a name)");
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The id of a request that offered {@code offered} (its {@code X-Request-Id}, maybe null): kept when sane, else a new one. */
    static String idFor(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    /**
     * For an answer written before the filters ran (the container refused the request itself): the
     * request id and the headers every answer has ({@code Cache-Control: no-store}, {@code nosniff}).
     *
     * @return the request's id, as {@link #idFor} chose it
     */
    static String identifyEarlyAnswer(HttpServletRequest request, HttpServletResponse response) {
        String requestId = idFor(request.getHeader(HEADER));
        response.setHeader(HEADER, requestId);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        return requestId;
    }

    /** The current request's id, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /**
     * The current trace's id (32 hex digits, W3C Trace Context), or null outside a traced request. Micrometer Tracing
     * puts it in the logging context ({@code traceId}) while the request's span is current.
     */
    public static String currentTraceId() {
        return MDC.get("traceId");
    }

    /** Adds {@code request_id} and {@code trace_id} (each when known) to a problem body. */
    static void identify(BiConsumer<String, Object> problem) {
        if (current() != null) {
            problem.accept("request_id", current());
        }
        if (currentTraceId() != null) {
            problem.accept("trace_id", currentTraceId());
        }
    }

    /**
     * Puts a request's id in the logging context of another thread (a streamed body's writer) until
     * closed; {@code requestId} as {@link #current()} gave it on the request's thread, null: nothing.
     */
    public static Carried carry(String requestId) {
        if (requestId == null) {
            return () -> { };
        }
        MDC.put(MDC_KEY, requestId);
        return () -> MDC.remove(MDC_KEY);
    }

    /** A request id carried to another thread, removed from its logging context on close. */
    @FunctionalInterface
    public interface Carried extends AutoCloseable {
        @Override
        void close();
    }
}
