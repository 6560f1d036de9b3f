package dev.intercomgateway.intercom;

import java.util.Set;

import jakarta.servlet.ServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Marks the HTTP request being served once it has sent Intercom a call that may have changed
 * something: any method but GET, HEAD or OPTIONS, answered by Intercom or failed after it may have
 * been processed (not when Intercom answered 401, 403 or 429: it then did nothing). The Idempotency-Key filter keeps an outcome only then: a refusal by the gateway's
 * own checks, or a call that provably never left, changed nothing and is not replayed.
 */
public final class SentToIntercom {

    static final String ATTRIBUTE = SentToIntercom.class.getName();
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private SentToIntercom() {
    }

    /** Called by the transport when a call of {@code method} reached Intercom or may have (no-op outside an HTTP request). */
    public static void record(HttpMethod method) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && !SAFE.contains(method)) {
            request.setAttribute(ATTRIBUTE, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** Records the call unless {@code failure} shows it never left this service. */
    public static void recordUnlessUnsent(HttpMethod method, IntercomException failure) {
        boolean sent = switch (failure) {
            case IntercomTimeoutException timeout -> timeout.requestSent();
            case IntercomUnreachableException unreachable -> unreachable.requestSent();
            case IntercomRejectedException rejected -> false;
            // Intercom refused the token or throttled the call: it did nothing
            case IntercomApiException api -> api.status() != 401 && api.status() != 403 && api.status() != 429;
            default -> true;
        };
        if (sent) {
            record(method);
        }
    }

    public static boolean recorded(ServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(ATTRIBUTE));
    }
}
