package dev.intercomgateway.security;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Which Intercom admins the current caller may act as ({@code gateway.clients[i].admin-ids}): a
 * support tool can be kept from sending messages in another team's name. A caller without such a
 * list may act as any admin.
 */
public final class ActingAs {

    private static final String PREFIX = "ADMIN_";

    private ActingAs() {
    }

    static String authority(String adminId) {
        return PREFIX + adminId;
    }

    /** Refused (403) before anything reaches Intercom when the caller may not act as this admin. */
    public static void requireAdmin(String adminId) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null) {
            return;
        }
        Set<String> allowed = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).filter(a -> a.startsWith(PREFIX))
                .map(a -> a.substring(PREFIX.length())).collect(Collectors.toSet());
        if (!allowed.isEmpty() && !allowed.contains(adminId)) {
            throw new AccessDeniedException("This caller may not act as admin " + adminId);
        }
    }
}
