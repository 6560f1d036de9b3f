package dev.intercomgateway.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The scope of each handler ({@link RequiresScope}) applied in the security chain, to the request
 * as it arrives: before the idempotency filter could replay a stored answer, before the request is
 * bound and validated (a caller without the scope gets 403 whatever it sent), before Intercom.
 * A request is matched by method and path only (as the handler mapping would, HEAD as GET); the
 * most specific path wins. No handler, a handler without a scope, or handlers of one path and
 * method naming different scopes: refused.
 */
final class HandlerScopes implements AuthorizationManager<RequestAuthorizationContext> {

    private record Rule(Set<RequestMethod> methods, PathPattern path, String scope) {

        boolean matches(String method, PathContainer path) {
            boolean methodMatches = methods.isEmpty() ? !method.equals("OPTIONS")
                    : methods.stream().anyMatch(m -> m.name().equals(method) || (m == RequestMethod.GET && method.equals("HEAD")));
            return methodMatches && this.path.matches(path);
        }
    }

    private final Supplier<RequestMappingHandlerMapping> mapping;
    private volatile List<Rule> rules;

    HandlerScopes(Supplier<RequestMappingHandlerMapping> mapping) {
        this.mapping = mapping;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        String scope = scopeOf(context.getRequest());
        if (scope == null) {
            return new AuthorizationDecision(false);
        }
        String needed = "SCOPE_" + scope;
        Authentication caller = authentication.get();
        return new AuthorizationDecision(caller != null && caller.isAuthenticated()
                && caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(needed::equals));
    }

    /** The scope the handler this request reaches requires, or null when it reaches none or its scope is unclear. */
    String scopeOf(HttpServletRequest request) {
        PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
        List<Rule> matching = rules().stream().filter(rule -> rule.matches(request.getMethod(), path))
                .sorted(Comparator.comparing(Rule::path, PathPattern.SPECIFICITY_COMPARATOR)).toList();
        if (matching.isEmpty()) {
            return null;
        }
        PathPattern best = matching.getFirst().path();
        List<String> scopes = matching.stream().filter(rule -> PathPattern.SPECIFICITY_COMPARATOR.compare(rule.path(), best) == 0)
                .map(Rule::scope).distinct().toList();
        return scopes.size() == 1 ? scopes.getFirst() : null;
    }

    private List<Rule> rules() {
        List<Rule> known = rules;
        if (known == null) {
            List<Rule> read = new ArrayList<>();
            mapping.get().getHandlerMethods().forEach((info, handler) -> {
                for (String pattern : info.getPatternValues()) {
                    read.add(new Rule(info.getMethodsCondition().getMethods(), PathPatternParser.defaultInstance.parse(pattern),
                            ApiScopes.of(handler.getMethod())));
                }
            });
            rules = known = List.copyOf(read);
        }
        return known;
    }
}
