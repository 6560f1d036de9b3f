package dev.intercomgateway.passthrough;

import java.util.Collection;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import dev.intercomgateway.intercom.operations.IntercomOperation;

/** Whether a caller holds the scope of an Intercom operation: the operation's own, or {@code intercom:*:read} / {@code intercom:*:write}. */
final class PassthroughScopes {

    private PassthroughScopes() {
    }

    static boolean allows(Authentication caller, IntercomOperation operation) {
        if (caller == null) {
            return false;
        }
        String wildcard = "intercom:*:" + (operation.isRead() ? "read" : "write");
        Collection<? extends GrantedAuthority> authorities = caller.getAuthorities();
        return authorities.stream().map(GrantedAuthority::getAuthority)
                .anyMatch(authority -> authority.equals("SCOPE_" + operation.scope()) || authority.equals("SCOPE_" + wildcard));
    }
}
