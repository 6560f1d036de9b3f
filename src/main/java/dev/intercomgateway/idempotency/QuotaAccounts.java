package dev.intercomgateway.idempotency;

import dev.intercomgateway.security.CallerIdentity;

/**
 * Whose quota a caller's Idempotency-Key outcomes count against: an API-key caller (configured in
 * {@code gateway.clients}) has its own; all JWT callers and the anonymous caller of the open sandbox
 * share one, since their number is not known in advance. Keys stay per caller either way: only the
 * bytes are counted together.
 */
final class QuotaAccounts {

    /** The account of JWT and anonymous callers; no configured caller's name can contain {@code *} or {@code :}. */
    static final String SHARED = "*jwt-and-anonymous";

    private QuotaAccounts() {
    }

    static String of(String caller) {
        return caller.startsWith("jwt:") || caller.equals(CallerIdentity.ANONYMOUS) ? SHARED : caller;
    }
}
