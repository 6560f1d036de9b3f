package dev.intercomgateway.passthrough;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.intercomgateway.intercom.operations.IntercomOperation;
import dev.intercomgateway.intercom.operations.IntercomOperations;
import dev.intercomgateway.security.ActingAs;
import dev.intercomgateway.security.AuditLog;
import dev.intercomgateway.security.SecurityConfiguration.CallerAuthenticationManager;
import dev.intercomgateway.web.CachedBodyRequest;
import dev.intercomgateway.web.ErrorListWriter;
import dev.intercomgateway.web.RequestBodyTooLargeException;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call which Intercom operation, decided once the operation is known and before the
 * idempotency filter can answer from its store: the operation's scope ({@code intercom:<tag>:read}
 * or {@code :write}, see {@link PassthroughScopes}), and for an operation done as an admin
 * ({@link IntercomOperation#actingAs()}), the caller's {@code admin-ids}. A caller restricted to some
 * admins must name one of them wherever the operation names who does it: left out, Intercom would
 * act as the token's own admin or the workspace's default sender. A body that acts as a contact
 * ({@code "type": "user"} in a reply) names no admin and needs none. Refusals are 403 in Intercom's
 * {@code error.list}; nothing is sent to Intercom. Unknown operations pass on to the controller's 404.
 */
final class PassthroughAuthorization extends OncePerRequestFilter {

    private static final Set<String> CONTACT_TYPES = Set.of("user", "contact", "lead");

    private final IntercomOperations operations = IntercomOperations.described();
    private final PassthroughProperties properties;
    private final CallerAuthenticationManager callers;
    private final MeterRegistry meters;

    PassthroughAuthorization(PassthroughProperties properties, CallerAuthenticationManager callers, MeterRegistry meters) {
        this.properties = properties;
        this.callers = callers;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled() || callers.open();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<IntercomOperations.Match> match = resolve(operations, request);
        if (match.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        IntercomOperation operation = match.get().operation();
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (!PassthroughScopes.allows(caller, operation)) {
            refuse(request, response, match.get(), "This caller lacks the scope " + operation.scope());
            return;
        }
        if (!operation.actsAsAnAdmin() || !ActingAs.restricted(caller)) {
            chain.doFilter(request, response);
            return;
        }
        Set<String> admins = new HashSet<>();
        if (operation.actingAs().contains(IntercomOperation.ACTING_AS_PATH)) {
            admins.add(match.get().variables().get("admin_id"));
        }
        HttpServletRequest forwarded = request;
        boolean asContact = false;
        if (operation.takesBody()) {
            byte[] body;
            try {
                body = request.getInputStream().readAllBytes();
            } catch (RequestBodyTooLargeException tooLarge) {
                ErrorListWriter.write(response, HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                return;
            }
            forwarded = new CachedBodyRequest(request, body);
            if (body.length > 0 && PassthroughInput.isJson(request.getContentType())) {
                JsonNode json;
                try {
                    json = PassthroughInput.STRICT_JSON.readTree(body);
                } catch (JacksonException malformed) {
                    chain.doFilter(forwarded, response); // malformed, or a key named twice: the controller refuses it (400) before anything is sent
                    return;
                }
                admins.addAll(ActingAs.named(json, operation.actingAs()));
                asContact = json.isObject() && CONTACT_TYPES.contains(json.path("type").asString(""));
            }
        }
        if (admins.isEmpty() && !asContact) {
            refuse(request, response, match.get(), "This caller acts only as its own admins: name one in "
                    + String.join(" or ", operation.actingAs()));
            return;
        }
        Optional<String> refused = ActingAs.refused(caller, admins);
        if (refused.isPresent()) {
            refuse(request, response, match.get(), "This caller may not act as admin " + refused.get());
            return;
        }
        chain.doFilter(forwarded, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, IntercomOperations.Match match, String message)
            throws IOException {
        IntercomPassthroughController.record(meters, Timer.start(meters), match, String.valueOf(HttpStatus.FORBIDDEN.value()),
                SecurityContextHolder.getContext().getAuthentication());
        ErrorListWriter.write(response, HttpStatus.FORBIDDEN, message + "; nothing was sent to Intercom");
        AuditLog.passthrough(request.getMethod(), match.operation().operationId() + " " + match.operation().pathTemplate(),
                match.variables(), HttpStatus.FORBIDDEN.value());
    }

    /** The operation of Intercom's description a request under {@code /intercom} names, if any. */
    static Optional<IntercomOperations.Match> resolve(IntercomOperations operations, HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + ErrorListWriter.PASSTHROUGH_PREFIX.length());
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        return operations.match(method, path.isEmpty() ? "/" : path);
    }
}
