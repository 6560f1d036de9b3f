package dev.intercomgateway.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, as the gateway's namespaces (idempotency keys, rate shares, audit) and its metrics
 * see it. A configured API-key caller is its name (letters, digits, {@code ._-}); a JWT caller is
 * {@code jwt:} and its subject, so no token's subject can pose as a configured caller. Metrics get
 * {@code jwt} for every token: subjects are unbounded and must not become tag values.
 */
public final class CallerIdentity {

    public static final String ANONYMOUS = "anonymous";
    public static final String JWT_TAG = "jwt";

    private CallerIdentity() {
    }

    public static String current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static String of(Authentication caller) {
        if (caller == null || !caller.isAuthenticated() || "anonymousUser".equals(caller.getName())) {
            return ANONYMOUS;
        }
        return caller instanceof JwtAuthenticationToken ? "jwt:" + caller.getName() : caller.getName();
    }

    /** A bounded metric tag: the configured caller's name, or {@code jwt}. */
    public static String metricTag(Authentication caller) {
        String identity = of(caller);
        return identity.startsWith("jwt:") ? JWT_TAG : identity;
    }
}
