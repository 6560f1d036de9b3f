package dev.intercomgateway.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import jakarta.validation.ConstraintViolation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.PropertyNamingStrategy;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into an RFC 9457 problem response: bad input, the caller's rules, and the
 * unexpected. Intercom's own failures are mapped next to them, in {@code intercom/IntercomProblems}.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final PropertyNamingStrategy JSON_NAMES = PropertyNamingStrategies.SNAKE_CASE;



    /** Tomcat refuses to parse a malformed query string (such as a parameter without a name) only when asked for one. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> malformedQuery(InvalidParameterException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The query string is malformed (for example a parameter without a name)"));
    }

    /** A rule of the caller's, checked by a handler (such as the admins it may act as). */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                e.getMessage() + "; nothing was sent to Intercom"));
    }

    /**
     * A request body the client broke: a malformed chunk (the container has already answered 400), or
     * a connection that ended while it was sent. The client's fault, not the service's: one line, no
     * stack trace, never an error (anyone who reaches the webhook intake could otherwise flood the
     * error log).
     */
    @ExceptionHandler({org.apache.coyote.BadRequestException.class, org.apache.catalina.connector.ClientAbortException.class})
    ResponseEntity<ProblemDetail> brokenRequest(java.io.IOException broken, HttpServletResponse response) {
        log.warn("The request could not be read to its end ({})", broken.toString());
        if (response.isCommitted()) {
            return null;
        }
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body could not be read (a malformed chunk, or the connection ended while it was sent)"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletResponse response) throws Exception {
        if (response.isCommitted()) {
            // Part of an answer is already out (a stream broke off): no problem can follow it. Passed on,
            // the failure makes the server drop the connection, so the caller sees a cut-off answer, not a complete one.
            log.error("Failure after the answer was committed; the connection is dropped", e);
            throw e;
        }
        log.error("Unexpected failure handling a request", e);
        return ResponseEntity.internalServerError()
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error; see the service's logs"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = new ArrayList<>();
        addBindingErrors(ex.getBindingResult(), errors);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request content");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Raised instead of the above when a handler validates both its path/query parameters and its body. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bodyErrors) {
                addBindingErrors(bodyErrors, errors);
            } else {
                String name = parameterName(result.getMethodParameter());
                result.getResolvableErrors().forEach(error -> errors.add(fieldError(name, message(error))));
            }
        });
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static void addBindingErrors(Errors bindingErrors, List<Map<String, Object>> errors) {
        bindingErrors.getFieldErrors().forEach(error -> errors.add(fieldError(fieldName(error), message(error))));
        // No class-level constraints today; should one come, it names the body it judged.
        bindingErrors.getGlobalErrors().forEach(error -> errors.add(fieldError(snakeCase(error.getObjectName()), message(error))));
    }

    /** The JSON name of a field, or for a {@link RequestRule} the JSON names of the fields it is about, joined with commas. */
    private static String fieldName(FieldError error) {
        if (error.contains(ConstraintViolation.class)
                && error.unwrap(ConstraintViolation.class).getConstraintDescriptor().getAttributes().get("fields") instanceof String[] fields) {
            return String.join(",", fields);
        }
        return snakeCase(error.getField());
    }

    /** The {@code errors[]} field that names a request body as a whole (JSONPath's root). */
    public static final String WHOLE_BODY = "$";

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyTooLargeException tooLarge) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is missing or is not valid JSON of the expected shape");
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            // A value Jackson could not read, where it knows which: name the field, as validation does.
            if (cause instanceof DatabindException unreadable && UnreadableValues.path(unreadable) != null) {
                problem.setDetail("Invalid request content");
                problem.setProperty("errors", List.of(fieldError(UnreadableValues.path(unreadable), UnreadableValues.message(unreadable))));
                break;
            }
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
            boolean unparsable = false;
            for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
                unparsable |= cause instanceof StreamReadException;
            }
            // JSON that parses but is not an object ([], 42, "str", null) or no body at all: the whole body is wrong
            if (!unparsable) {
                problem.setProperty("errors", List.of(fieldError(WHOLE_BODY, "must be a JSON object")));
            }
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A query or path parameter that is not of its type (a time value not of the API's form, a number that is not one). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : ex.getPropertyName();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request");
        problem.setProperty("errors", List.of(fieldError(name, UnreadableValues.message(ex))));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request");
        problem.setProperty("errors", List.of(fieldError(ex.getParameterName(), "is required")));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** An unknown path: say so in the API's terms, not as a missing static file. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "/" + ex.getResourcePath();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No endpoint " + ex.getHttpMethod() + " " + path + "; the API is described at /v3/api-docs");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    private static Map<String, Object> fieldError(String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String parameterName(org.springframework.core.MethodParameter parameter) {
        RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            return requestParam.name();
        }
        PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
        if (pathVariable != null && !pathVariable.name().isEmpty()) {
            return pathVariable.name();
        }
        return parameter.getParameterName();
    }

    /**
     * Bean property paths as the caller wrote them, each name translated by Jackson's snake-case strategy
     * (the API's {@code spring.jackson.property-naming-strategy}): {@code customAttributes[x]} -> {@code custom_attributes[x]}.
     */
    static String snakeCase(String path) {
        StringBuilder out = new StringBuilder();
        int nameStart = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[' || c == ']') {
                out.append(jsonName(path.substring(nameStart, i))).append(c);
                nameStart = i + 1;
            }
        }
        return out.append(jsonName(path.substring(nameStart))).toString();
    }

    private static String jsonName(String propertyName) {
        return JSON_NAMES.nameForField(null, null, propertyName);
    }
}
