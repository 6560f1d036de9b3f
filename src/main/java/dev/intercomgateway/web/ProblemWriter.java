package dev.intercomgateway.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * Writes a problem response from a servlet filter, where Spring MVC's exception handlers do not
 * reach: a {@link ProblemDetail} written by Spring's JSON converter, as the handlers' problems are.
 * On the Intercom-compatible surface the same refusal is written as Intercom's {@code error.list}.
 */
public final class ProblemWriter {

    private static final JacksonJsonHttpMessageConverter JSON = new JacksonJsonHttpMessageConverter();

    private ProblemWriter() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(request, response, ProblemDetail.forStatusAndDetail(status, detail), ErrorListWriter.codeFor(status.value()));
    }

    /**
     * A problem with its own type and properties; on the Intercom-compatible surface, an
     * {@code error.list} with {@code code} and the problem's detail as its message.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem, String code) throws IOException {
        if (ErrorListWriter.applies(request)) {
            ErrorListWriter.write(response, problem.getStatus(), code, problem.getDetail());
            return;
        }
        problem.setInstance(instance(request));
        RequestIdFilter.identify(problem::setProperty);
        response.setStatus(problem.getStatus());
        response.setCharacterEncoding("UTF-8");
        JSON.write(problem, MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
    }

    /** The path as received; a hostile one that is no URI is left out rather than repeated. */
    private static URI instance(HttpServletRequest request) {
        try {
            return URI.create(request.getRequestURI());
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
