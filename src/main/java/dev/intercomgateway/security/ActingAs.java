package dev.intercomgateway.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Which Intercom admins the current caller may act as ({@code gateway.clients[i].admin-ids}): a
 * support tool can be kept from sending messages in another team's name. A caller without such a
 * list may act as any admin. The same rule holds on both surfaces, and is applied before an
 * {@code Idempotency-Key} can replay anything (see ApiActingAsFilter and the passthrough's
 * authorization filter).
 */
public final class ActingAs {

    private static final String PREFIX = "ADMIN_";

    private ActingAs() {
    }

    static String authority(String adminId) {
        return PREFIX + adminId;
    }

    /**
     * True when the current caller may act as this admin (or no admin acts: null); else refused
     * (403 naming the admin) before anything reaches Intercom. What {@link ActsAsAdmin} evaluates.
     */
    public static boolean requireAdmin(String adminId) {
        Optional<String> refused = adminId == null ? Optional.empty()
                : refused(SecurityContextHolder.getContext().getAuthentication(), Set.of(adminId));
        if (refused.isPresent()) {
            throw new AccessDeniedException("This caller may not act as admin " + refused.get());
        }
        return true;
    }

    /** Whether the caller may act only as the admins of its {@code admin-ids}. */
    public static boolean restricted(Authentication caller) {
        return !allowed(caller).isEmpty();
    }

    /** The first of these admins the caller may not act as, if any. */
    public static Optional<String> refused(Authentication caller, Collection<String> adminIds) {
        Set<String> allowed = allowed(caller);
        return allowed.isEmpty() ? Optional.empty() : adminIds.stream().filter(id -> !allowed.contains(id)).findFirst();
    }

    private static Set<String> allowed(Authentication caller) {
        if (caller == null) {
            return Set.of();
        }
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).filter(a -> a.startsWith(PREFIX))
                .map(a -> a.substring(PREFIX.length())).collect(Collectors.toSet());
    }

    /**
     * The admins a JSON body says it acts as: the value of every property named in {@code fields},
     * at any depth ({@code admin_id: "990001"}, or a number), and for {@code from} the {@code id} of
     * a {@code {"type": "admin", "id": ...}} object (a {@code from} that is a contact is not an admin).
     * A value of any other shape is returned as its JSON text, so that it is refused rather than missed.
     */
    public static Set<String> named(JsonNode body, Set<String> fields) {
        Set<String> admins = new LinkedHashSet<>();
        collect(body, fields, admins, 0);
        return admins;
    }

    private static void collect(JsonNode node, Set<String> fields, Set<String> admins, int depth) {
        if (node == null || depth > 64) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> collect(element, fields, admins, depth + 1));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            JsonNode value = property.getValue();
            if (fields.contains(property.getKey()) && !value.isNull()) {
                if (property.getKey().equals("from")) {
                    if (value.isObject() && "admin".equals(value.path("type").asString(""))) {
                        admins.add(scalar(value.get("id")));
                    }
                } else {
                    admins.add(scalar(value));
                }
            }
            collect(value, fields, admins, depth + 1);
        }
    }

    private static String scalar(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        return value.isString() || value.isNumber() ? value.asString() : value.toString();
    }
}
