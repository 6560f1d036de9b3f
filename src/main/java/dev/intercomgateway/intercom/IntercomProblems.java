package dev.intercomgateway.intercom;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Intercom's failures as RFC 9457 problems, next to the exceptions they map, translated from the
 * caller's point of view: a rejected token is this service's problem (502), not the caller's (401).
 * Problems that come from Intercom carry {@code intercom_status}, {@code intercom_error_code} and
 * {@code intercom_request_id}. Ordered before the general handlers, whose catch-all would take these.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class IntercomProblems {

    private static final Logger log = LoggerFactory.getLogger(IntercomProblems.class);
    private static final String PLAN_RESTRICTED = "api_plan_restricted";

    private final Clock clock = Clock.systemUTC();
    private final Duration maxResetWait;

    public IntercomProblems(@Value("${intercom.rate-limit.max-reset-wait:60s}") Duration maxResetWait) {
        this.maxResetWait = maxResetWait;
    }

    @ExceptionHandler(IntercomApiException.class)
    ResponseEntity<ProblemDetail> intercomError(IntercomApiException e) {
        HttpStatus status = switch (e.status()) {
            case 400 -> HttpStatus.BAD_REQUEST;
            case 404 -> HttpStatus.NOT_FOUND;
            case 409 -> HttpStatus.CONFLICT;
            case 410 -> HttpStatus.GONE;
            case 403 -> PLAN_RESTRICTED.equals(e.code()) ? HttpStatus.FORBIDDEN : HttpStatus.BAD_GATEWAY;
            case 422 -> HttpStatus.UNPROCESSABLE_CONTENT;
            case 429 -> HttpStatus.TOO_MANY_REQUESTS;
            default -> HttpStatus.BAD_GATEWAY;
        };
        String detail = switch (e.status()) {
            case 400, 404, 409, 422 -> e.getMessage();
            case 410 -> e.canonicalId() != null
                    ? "This contact was merged into " + e.canonicalId() + "; use that id"
                    : "This contact no longer exists in Intercom (" + e.getMessage() + ")";
            case 403 -> PLAN_RESTRICTED.equals(e.code())
                    ? "The Intercom workspace's plan does not include this feature (" + e.getMessage() + ")"
                    : "Intercom rejected this service's credentials (403); the gateway's configuration must be fixed";
            case 401 -> "Intercom rejected this service's credentials (" + e.status() + "); the gateway's configuration must be fixed";
            case 429 -> "Intercom's rate limit for this app is exhausted; retry later";
            default -> "Intercom failed to handle the request (" + e.status() + ")";
        };
        if (status == HttpStatus.BAD_GATEWAY) {
            log.warn("Intercom answered {} (code {}, request id {}): {}", e.status(), e.code(), e.requestId(), e.getMessage());
        }
        ProblemDetail problem = upstreamProblem(status, detail, e);
        problem.setProperty("intercom_status", e.status());
        if (e.code() != null) {
            problem.setProperty("intercom_error_code", e.code());
        }
        if (e.canonicalId() != null) {
            problem.setProperty("merged_into_id", e.canonicalId());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            Duration wait = e.rateLimit() == null ? null : e.rateLimit().untilReset(clock.instant());
            long seconds = wait == null ? 10 : Math.ceilDiv(Math.min(wait.toMillis(), maxResetWait.toMillis()), 1000);
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        }
        return response.body(problem);
    }

    @ExceptionHandler(IntercomBadResponseException.class)
    ResponseEntity<ProblemDetail> intercomBadResponse(IntercomBadResponseException e) {
        log.warn("Unusable answer from Intercom (status {}, request id {}): {}", e.status(), e.requestId(), e.getMessage());
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(upstreamProblem(HttpStatus.BAD_GATEWAY, e.getMessage(), e));
    }

    @ExceptionHandler(IntercomTimeoutException.class)
    ResponseEntity<ProblemDetail> intercomTimeout(IntercomTimeoutException e) {
        log.warn("{}", e.getMessage());
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(upstreamProblem(HttpStatus.GATEWAY_TIMEOUT, e.getMessage(), e));
    }

    @ExceptionHandler(IntercomUnreachableException.class)
    ResponseEntity<ProblemDetail> intercomUnreachable(IntercomUnreachableException e) {
        log.warn("{} ({})", e.getMessage(), e.getCause() == null ? "no cause" : e.getCause().toString());
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(upstreamProblem(HttpStatus.BAD_GATEWAY, e.getMessage(), e));
    }

    @ExceptionHandler(IntercomRejectedException.class)
    ResponseEntity<ProblemDetail> intercomRejected(IntercomRejectedException e) {
        HttpStatus status = e.callersOwn()
                ? HttpStatus.TOO_MANY_REQUESTS
                : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage() + "; nothing was sent to Intercom");
        problem.setProperty("reason", e.reason().name().toLowerCase(Locale.ROOT));
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.ceilDiv(e.retryAfter().toMillis(), 1000)))
                .body(problem);
    }

    /** The same shape as the other invalid requests: {@code errors} lists the field and what is wrong with it. */
    @ExceptionHandler(InvalidIntercomIdException.class)
    ResponseEntity<ProblemDetail> invalidId(InvalidIntercomIdException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", e.field());
        error.put("message", e.getMessage());
        problem.setProperty("errors", List.of(error));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ContactRoleMismatchException.class)
    ResponseEntity<ProblemDetail> noSuchContact(ContactRoleMismatchException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not Found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    private static ProblemDetail upstreamProblem(HttpStatus status, String detail, IntercomException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (e.requestId() != null) {
            problem.setProperty("intercom_request_id", e.requestId());
        }
        return problem;
    }
}
