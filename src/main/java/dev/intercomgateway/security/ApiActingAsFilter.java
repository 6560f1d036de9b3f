package dev.intercomgateway.security;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.web.CachedBodyRequest;
import dev.intercomgateway.web.ProblemWriter;
import dev.intercomgateway.web.RequestBodyTooLargeException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code admin-ids} on {@code /api/v1}, checked after authentication and before the idempotency
 * filter, so that a repeated {@code Idempotency-Key} is never answered from the store for a caller
 * that may no longer act as the admin of the stored request. The API names the acting admin as
 * {@code admin_id} (body or query) or {@code from: {type: admin, id}}; the handlers check the
 * same again on the bound request ({@link ActsAsAdmin}).
 */
public class ApiActingAsFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> FIELDS = Set.of("admin_id", "from");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || !ActingAs.restricted(SecurityContextHolder.getContext().getAuthentication());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        Set<String> admins = new LinkedHashSet<>();
        String[] queried = request.getParameterValues("admin_id");
        if (queried != null) {
            admins.addAll(Set.of(queried));
        }
        HttpServletRequest forwarded = request;
        if (isJson(request.getContentType())) {
            byte[] body;
            try {
                body = request.getInputStream().readAllBytes();
            } catch (RequestBodyTooLargeException tooLarge) {
                ProblemWriter.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                return;
            }
            forwarded = new CachedBodyRequest(request, body);
            try {
                admins.addAll(ActingAs.named(JSON.readTree(body), FIELDS));
            } catch (JacksonException malformed) {
                // the controller answers a malformed body with its own 400; it names no admin here
            }
        }
        Optional<String> refused = ActingAs.refused(caller, admins);
        if (refused.isPresent()) {
            AuditLog.refused(request, 403);
            ProblemWriter.write(request, response, HttpStatus.FORBIDDEN, "This caller may not act as admin " + refused.get());
            return;
        }
        chain.doFilter(forwarded, response);
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    }
}
