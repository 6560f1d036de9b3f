package dev.intercomgateway.passthrough;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.client.CachedReads;
import dev.intercomgateway.intercom.client.IntercomPassthrough;
import dev.intercomgateway.intercom.client.IntercomResponse;
import dev.intercomgateway.intercom.operations.IntercomOperation;
import dev.intercomgateway.intercom.operations.IntercomOperations;
import dev.intercomgateway.security.AuditLog;
import dev.intercomgateway.security.CallerIdentity;
import dev.intercomgateway.web.ErrorListWriter;
import dev.intercomgateway.web.RequestBodyTooLargeException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Intercom's REST API, path for path, under {@code /intercom}: an official Intercom SDK pointed at
 * {@code http://<gateway>/intercom} with the app's gateway API key works unchanged, and never holds
 * the Intercom token. Only operations in Intercom's description are forwarded, each behind its own
 * scope; bodies pass through as bytes, answers stream back without being held whole.
 */
@Hidden
@RestController
class IntercomPassthroughController {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final IntercomOperations operations = IntercomOperations.described();
    private final CachedReads intercom;
    private final PassthroughProperties properties;
    private final MeterRegistry meters;
    private final StallWatch stallWatch;

    IntercomPassthroughController(CachedReads intercom, PassthroughProperties properties, MeterRegistry meters, StallWatch stallWatch) {
        this.intercom = intercom;
        this.properties = properties;
        this.meters = meters;
        this.stallWatch = stallWatch;
    }

    @RequestMapping({ErrorListWriter.PASSTHROUGH_PREFIX, ErrorListWriter.PASSTHROUGH_PREFIX + "/**"})
    void forward(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Timer.Sample sample = Timer.start(meters);
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        IntercomOperations.Match match = null;
        String brokeOff = null;
        try {
            if (!properties.enabled()) {
                ErrorListWriter.write(response, HttpStatus.NOT_FOUND, "The Intercom-compatible surface is switched off on this gateway");
                return;
            }
            match = PassthroughAuthorization.resolve(operations, request).orElse(null);
            if (match == null) {
                ErrorListWriter.write(response, HttpStatus.NOT_FOUND,
                        "No operation of Intercom's API (version 2.16 description) is " + request.getMethod() + " on this path");
                return;
            }
            // the caller's scope and admin-ids were checked before (PassthroughAuthorization), ahead of any replay
            IntercomOperation operation = match.operation();
            String misfit = PassthroughInput.misfit(operation, match.variables(), request.getQueryString());
            if (misfit != null) {
                ErrorListWriter.write(response, HttpStatus.BAD_REQUEST, misfit + "; nothing was sent to Intercom");
                return;
            }
            byte[] body = body(request, operation);
            if (body.length > 0 && !PassthroughInput.acceptsType(operation, request.getContentType())) {
                ErrorListWriter.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "This operation takes " + String.join(" or ", operation.bodyTypes()) + "; nothing was sent to Intercom");
                return;
            }
            String bodyMisfit = body.length > 0 && PassthroughInput.isJson(request.getContentType()) ? PassthroughInput.bodyMisfit(body) : null;
            if (bodyMisfit != null) {
                ErrorListWriter.write(response, HttpStatus.BAD_REQUEST, bodyMisfit + "; nothing was sent to Intercom");
                return;
            }
            IntercomResponse<IntercomPassthrough.Answer> answer = intercom.forward(new IntercomPassthrough.Request(operation, match.variables(),
                    request.getQueryString(), request.getContentType(), body, accept(request), version(request)));
            try (IntercomPassthrough.Answer streamed = answer.body()) {
                AnswerStream.copy(streamed, response, stallWatch);
            } catch (RuntimeException | IOException interrupted) {
                // Intercom's answer broke off, or the caller left or stalled: the status is out, so the stream can only be cut
                brokeOff = interrupted instanceof StallWatch.CallerStalledException ? "stalled" : "broken_off";
                throw new AnswerBrokeOffException(interrupted);
            }
        } catch (RequestBodyTooLargeException tooLarge) {
            ErrorListWriter.write(response, HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
        } catch (IntercomException failure) {
            PassthroughRefusals.write(failure, response);
        } catch (IllegalArgumentException badEncoding) {
            ErrorListWriter.write(response, HttpStatus.BAD_REQUEST,
                    "The path or the query string is not valid (a path parameter must be percent-encoded UTF-8); nothing was sent to Intercom");
        } finally {
            String operationId = match == null ? "unknown" : match.operation().operationId();
            record(meters, sample, match, brokeOff != null ? brokeOff : String.valueOf(response.getStatus()), caller);
            AuditLog.passthrough(request.getMethod(), match == null ? "unknown" : operationId + " " + match.operation().pathTemplate(),
                    match == null ? Map.of() : match.variables(), brokeOff != null ? brokeOff : response.getStatus(),
                    response.getHeader(CachedReads.CACHE_STATUS));
        }
    }

    /** One call on the surface in {@code gateway.passthrough.requests}, refused or answered. */
    static void record(MeterRegistry meters, Timer.Sample sample, IntercomOperations.Match match, String status, Authentication caller) {
        sample.stop(Timer.builder("gateway.passthrough.requests")
                .description("Calls on the Intercom-compatible surface, by Intercom operation")
                .tag("operation", match == null ? "unknown" : match.operation().operationId())
                // the caller's method only once it named an operation: any token is a method to Tomcat
                .tag("method", match == null ? "unknown" : match.operation().method().name())
                .tag("status", status)
                .tag("client", CallerIdentity.metricTag(caller))
                .register(meters));
    }

    /** The body to forward, as sent (bounded by gateway.max-request-body-size): none for an operation that takes none. */
    private static byte[] body(HttpServletRequest request, IntercomOperation operation) throws IOException {
        if (!operation.takesBody() || !WITH_BODY.contains(operation.method())) {
            return new byte[0];
        }
        return request.getInputStream().readAllBytes();
    }

    /**
     * What the caller accepts, when it names something other than JSON (a file download); a wildcard
     * (SDKs send {@code *}{@code /*}) or JSON leaves Intercom's usual {@code application/json}.
     */
    private static String accept(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank() || accept.contains("*/*") || accept.contains("application/json")) {
            return null;
        }
        return accept;
    }

    /** The caller's Intercom-Version when this gateway allows it; otherwise the configured version is sent. */
    private String version(HttpServletRequest request) {
        String asked = request.getHeader("Intercom-Version");
        return asked != null && properties.allowedVersions().contains(asked) ? asked : null;
    }

    /** An answer that stopped half-way; nothing can be written after it, the connection is dropped (see ProblemResponses). */
    static final class AnswerBrokeOffException extends RuntimeException {

        AnswerBrokeOffException(Throwable cause) {
            super("The answer broke off while it was streamed to the caller", cause);
        }
    }

}
