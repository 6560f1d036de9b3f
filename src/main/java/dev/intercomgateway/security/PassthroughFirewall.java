package dev.intercomgateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intercomgateway.web.ErrorListWriter;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall for the whole service, except on the Intercom-compatible
 * surface ({@code /intercom/**}), where an encoded percent ({@code %25}) and a semicolon (raw or
 * {@code %3B}) are let through: once encoded they are data of a path parameter (an external id
 * {@code 7%off}), which the passthrough decodes once and sends encoded once as one segment.
 * Everything else stays refused there too: encoded slashes ({@code %2F}), encoded dots
 * ({@code %2E}), backslashes (raw or {@code %5C}), dot segments, control characters and
 * non-printable characters.
 *
 * <p>A request counts as the surface's only when both its raw path and the path the servlet
 * container decoded and normalised start with {@code /intercom/}, so a path parameter cannot walk
 * out of the surface with the relaxed rules.
 */
final class PassthroughFirewall implements HttpFirewall {

    private final StrictHttpFirewall strict = new StrictHttpFirewall();
    private final StrictHttpFirewall passthrough = new StrictHttpFirewall();

    PassthroughFirewall() {
        passthrough.setAllowUrlEncodedPercent(true);
        passthrough.setAllowSemicolon(true);
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        return (onTheSurface(request) ? passthrough : strict).getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }

    static boolean onTheSurface(HttpServletRequest request) {
        String raw = request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String decoded = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String prefix = ErrorListWriter.PASSTHROUGH_PREFIX + "/";
        return raw != null && raw.startsWith(context + prefix) && decoded.startsWith(prefix);
    }
}
