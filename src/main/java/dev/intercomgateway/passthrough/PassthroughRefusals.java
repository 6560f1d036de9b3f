package dev.intercomgateway.passthrough;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.IntercomTimeoutException;
import dev.intercomgateway.web.ErrorListWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** How a failed Intercom call is answered on the Intercom-compatible surface. */
final class PassthroughRefusals {

    private static final Logger log = LoggerFactory.getLogger(PassthroughRefusals.class);

    private PassthroughRefusals() {
    }

    /** The gateway's and Intercom's refusals, in Intercom's shape: Intercom's own error bodies pass unchanged. */
    static void write(IntercomException failure, HttpServletResponse response) throws IOException {
        switch (failure) {
            case IntercomApiException api when api.status() == 401 -> {
                log.error("Intercom refused the gateway's access token (request id {}); check intercom.access-token", api.requestId());
                ErrorListWriter.write(response, HttpStatus.BAD_GATEWAY, "Intercom refused the gateway's own credentials");
            }
            case IntercomApiException api -> {
                api.headers().forEach((name, values) -> AnswerStream.copyHeader(name, values, response));
                rateLimitHeaders(api.rateLimit(), api.status() == 429, response);
                byte[] body = api.body();
                if (body.length > 0 && PassthroughInput.wellFormed(body)) {
                    response.setStatus(api.status());
                    response.setContentType("application/json");
                    response.getOutputStream().write(body);
                } else {
                    ErrorListWriter.write(response, api.status(), api.code() == null ? ErrorListWriter.codeFor(api.status()) : api.code(),
                            api.getMessage());
                }
            }
            case IntercomRejectedException rejected -> {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, rejected.retryAfter().toSeconds())));
                HttpStatus status = rejected.callersOwn()
                        ? HttpStatus.TOO_MANY_REQUESTS
                        : HttpStatus.SERVICE_UNAVAILABLE;
                ErrorListWriter.write(response, status, rejected.getMessage() + "; nothing was sent to Intercom");
            }
            case IntercomTimeoutException timeout -> ErrorListWriter.write(response, HttpStatus.GATEWAY_TIMEOUT, timeout.getMessage());
            default -> ErrorListWriter.write(response, HttpStatus.BAD_GATEWAY, failure.getMessage());
        }
    }

    private static void rateLimitHeaders(IntercomRateLimit rateLimit, boolean throttled, HttpServletResponse response) {
        if (rateLimit == null) {
            return;
        }
        rateLimit.writeTo(response::setHeader);
        if (rateLimit.reset() != null && throttled && !response.containsHeader(HttpHeaders.RETRY_AFTER)) {
            Duration wait = rateLimit.untilReset(Instant.now());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds()));
        }
    }
}
