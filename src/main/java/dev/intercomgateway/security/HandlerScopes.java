package dev.intercomgateway.security;

import java.lang.reflect.Method;
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
 * most specific path wins. A handler without a scope, or handlers of one path and method naming
 * different scopes: refused.
 * <p>A request that reaches no handler (an unknown path, a method the path does not support, an
 * {@code OPTIONS}) runs no handler: it goes on to Spring MVC's own 404, 405 or {@code OPTIONS}
 * answer when the caller holds a scope of some handler of the same resource ({@code /api/v1/users},
 * {@code /api/v1/conversations}, …), and is refused otherwise, as the URL rules this replaced
 * refused it: a caller learns nothing of a resource it has no scope for, and nothing of paths
 * outside the API's resources.
 */
final class HandlerScopes implements AuthorizationManager<RequestAuthorizationContext> {

    private record Rule(Set<RequestMethod> methods, PathPattern path, Method handler) {

        String scope() {
            return ApiScopes.of(handler);
        }

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
        HttpServletRequest request = context.getRequest();
        PathContainer path = pathOf(request);
        Set<String> needed;
        if (matching(request.getMethod(), path).isEmpty()) {
            needed = scopesOfResource(path);
        } else {
            String scope = scopeOf(request);
            needed = scope == null ? Set.of() : Set.of(scope);
        }
        Authentication caller = authentication.get();
        return new AuthorizationDecision(caller != null && caller.isAuthenticated()
                && caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .anyMatch(held -> held.startsWith("SCOPE_") && needed.contains(held.substring("SCOPE_".length()))));
    }

    private static PathContainer pathOf(HttpServletRequest request) {
        return RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
    }

    private List<Rule> matching(String method, PathContainer path) {
        return rules().stream().filter(rule -> rule.matches(method, path)).toList();
    }

    /**
     * The scopes of every handler beneath the request's resource: the first {@value #RESOURCE_SEGMENTS}
     * segments of its path ({@code /api/v1/users} for {@code /api/v1/users/c1/nothing}). Empty when
     * no handler serves that resource (an unknown one, another API version).
     */
    Set<String> scopesOfResource(PathContainer path) {
        String resource = resourceOf(path.value());
        if (resource == null) {
            return Set.of();
        }
        Set<String> scopes = new java.util.TreeSet<>();
        for (Rule rule : rules()) {
            if (resource.equals(resourceOf(rule.path().getPatternString())) && rule.scope() != null) {
                scopes.add(rule.scope());
            }
        }
        return scopes;
    }

    private static final int RESOURCE_SEGMENTS = 3;

    private static String resourceOf(String path) {
        String[] segments = path.split("/", -1);
        // a leading "/" gives an empty first element
        if (segments.length < RESOURCE_SEGMENTS + 1 || !segments[0].isEmpty()) {
            return null;
        }
        for (int i = 1; i <= RESOURCE_SEGMENTS; i++) {
            if (segments[i].isEmpty() || segments[i].contains("{") || segments[i].contains("*")) {
                return null;
            }
        }
        return String.join("/", java.util.Arrays.copyOfRange(segments, 0, RESOURCE_SEGMENTS + 1));
    }

    /** The scope the handler this request reaches requires, or null when it reaches none or its scope is unclear. */
    String scopeOf(HttpServletRequest request) {
        List<Rule> matching = matching(request.getMethod(), pathOf(request)).stream()
                .sorted(Comparator.comparing(Rule::path, PathPattern.SPECIFICITY_COMPARATOR)).toList();
        if (matching.isEmpty()) {
            return null;
        }
        PathPattern best = matching.getFirst().path();
        List<String> scopes = matching.stream().filter(rule -> PathPattern.SPECIFICITY_COMPARATOR.compare(rule.path(), best) == 0)
                .map(Rule::scope).distinct().toList();
        return scopes.size() == 1 ? scopes.getFirst() : null;
    }

    /** The handlers this request may reach (matched as for its scope: the most specific path), none when it reaches none. */
    List<Method> handlersOf(HttpServletRequest request) {
        List<Rule> matching = matching(request.getMethod(), pathOf(request)).stream()
                .sorted(Comparator.comparing(Rule::path, PathPattern.SPECIFICITY_COMPARATOR)).toList();
        if (matching.isEmpty()) {
            return List.of();
        }
        PathPattern best = matching.getFirst().path();
        return matching.stream().filter(rule -> PathPattern.SPECIFICITY_COMPARATOR.compare(rule.path(), best) == 0)
                .map(Rule::handler).distinct().toList();
    }

    private List<Rule> rules() {
        List<Rule> known = rules;
        if (known == null) {
            List<Rule> read = new ArrayList<>();
            mapping.get().getHandlerMethods().forEach((info, handler) -> {
                for (String pattern : info.getPatternValues()) {
                    read.add(new Rule(info.getMethodsCondition().getMethods(), PathPatternParser.defaultInstance.parse(pattern),
                            handler.getMethod()));
                }
            });
            rules = known = List.copyOf(read);
        }
        return known;
    }
}
