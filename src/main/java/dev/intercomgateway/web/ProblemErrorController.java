package dev.intercomgateway.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page (what Tomcat refuses before any filter runs, e.g. {@code TRACE}, and
 * errors sent with {@code sendError}) as the surface's format, in place of Spring Boot's
 * {@code {"timestamp":…,"error":…}}: an RFC 9457 problem, or Intercom's {@code error.list} under
 * {@code /intercom}, chosen by the path the caller sent.
 */
@Controller
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly, not as the container's error page: there is no such endpoint
        HttpStatus status = code == null ? HttpStatus.NOT_FOUND
                : code instanceof Integer known && HttpStatus.resolve(known) != null ? HttpStatus.resolve(known) : HttpStatus.INTERNAL_SERVER_ERROR;
        String sent = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : request.getRequestURI();
        HttpServletRequest asSent = new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return sent;
            }
        };
        response.resetBuffer();
        // refused before the filters ran (Tomcat refuses TRACE itself): the headers and ids every answer has
        String requestId = RequestIdFilter.identifyEarlyAnswer(request, response);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, status.is5xxServerError() ? "The request could not be served"
                : status.getReasonPhrase());
        problem.setProperty("request_id", requestId);
        String traceId = RequestIdFilter.currentTraceId() != null ? RequestIdFilter.currentTraceId()
                : JsonErrorReportValve.traceIdOf(request.getHeader("traceparent"));
        if (traceId != null) {
            problem.setProperty("trace_id", traceId);
        }
        org.slf4j.MDC.put(RequestIdFilter.MDC_KEY, requestId);
        try {
            ProblemWriter.write(asSent, response, problem, ErrorListWriter.codeFor(status.value()));
        } finally {
            org.slf4j.MDC.remove(RequestIdFilter.MDC_KEY);
        }
    }
}
