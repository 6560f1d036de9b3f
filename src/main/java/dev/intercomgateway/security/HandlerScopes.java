package dev.intercomgateway.security;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** One handler pattern, its scope read once; {@code methods} as request methods (HEAD with GET), empty for any but OPTIONS. */
    private record Rule(Set<String> methods, PathPattern path, Method handler, String scope) {

        boolean matches(String method, PathContainer path) {
            boolean methodMatches = methods.isEmpty() ? !method.equals("OPTIONS") : methods.contains(method);
            return methodMatches && this.path.matches(path);
        }
    }

    /**
     * The handlers' rules by resource ({@link #resourceOf}), each list most specific first, so that a
     * request is matched against its resource's few patterns, once, and the first match is the best.
     * Patterns without a literal resource are in every list (and in {@code anyResource}).
     */
    private record Index(Map<String, List<Rule>> byResource, List<Rule> anyResource, Map<String, Set<String>> scopesByResource) {

        List<Rule> candidates(String resource) {
            return resource == null ? anyResource : byResource.getOrDefault(resource, anyResource);
        }
    }

    private final Supplier<RequestMappingHandlerMapping> mapping;
    private volatile Index index;

    HandlerScopes(Supplier<RequestMappingHandlerMapping> mapping) {
        this.mapping = mapping;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        PathContainer path = pathOf(request);
        List<Rule> best = best(request.getMethod(), path);
        Set<String> needed;
        if (best.isEmpty()) {
            needed = scopesOfPath(path);
        } else {
            String scope = scopeOf(best);
            needed = scope == null ? Set.of() : Set.of(scope);
        }
        Authentication caller = authentication.get();
        if (caller == null || !caller.isAuthenticated() || needed.isEmpty()) {
            return new AuthorizationDecision(false);
        }
        for (GrantedAuthority held : caller.getAuthorities()) {
            String authority = held.getAuthority();
            if (authority != null && authority.startsWith("SCOPE_") && needed.contains(authority.substring("SCOPE_".length()))) {
                return new AuthorizationDecision(true);
            }
        }
        return new AuthorizationDecision(false);
    }

    private static PathContainer pathOf(HttpServletRequest request) {
        return RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
    }

    /** The rules of the most specific patterns this request matches (by method and path); several only for a tie. */
    private List<Rule> best(String method, PathContainer path) {
        PathPattern first = null;
        List<Rule> found = List.of();
        for (Rule rule : index().candidates(resourceOf(path))) {
            if (first != null && PathPattern.SPECIFICITY_COMPARATOR.compare(rule.path(), first) != 0) {
                break;
            }
            if (rule.matches(method, path)) {
                if (first == null) {
                    first = rule.path();
                    found = List.of(rule);
                } else {
                    found = new ArrayList<>(found);
                    found.add(rule);
                }
            }
        }
        return found;
    }

    private static String scopeOf(List<Rule> best) {
        String scope = best.getFirst().scope();
        for (Rule rule : best) {
            if (!java.util.Objects.equals(rule.scope(), scope)) {
                return null;
            }
        }
        return scope;
    }

    /**
     * For a request no handler takes by its method (MVC will answer 405 or {@code OPTIONS}) or by its
     * path (404): the scopes of the handlers of that path, any method, also with a trailing slash
     * dropped ({@code /users/{id}/tags/}), so that a caller learns of a route only with one of its
     * scopes; for a path no handler has, the scopes of its resource ({@link #scopesOfResource}).
     */
    private Set<String> scopesOfPath(PathContainer path) {
        Set<String> scopes = handlerScopesOf(path);
        String value = path.value();
        if (scopes.isEmpty() && value.length() > 1 && value.endsWith("/")) {
            scopes = handlerScopesOf(PathContainer.parsePath(value.substring(0, value.length() - 1)));
        }
        return scopes.isEmpty() ? scopesOfResource(path) : scopes;
    }

    private Set<String> handlerScopesOf(PathContainer path) {
        Set<String> scopes = Set.of();
        for (Rule rule : index().candidates(resourceOf(path))) {
            if (rule.scope() != null && rule.path().matches(path)) {
                if (scopes.isEmpty()) {
                    scopes = new java.util.HashSet<>();
                }
                scopes.add(rule.scope());
            }
        }
        return scopes;
    }

    /**
     * The scopes of every handler beneath the request's resource: the first {@value #RESOURCE_SEGMENTS}
     * segments of its path ({@code /api/v1/users} for {@code /api/v1/users/c1/nothing}). Empty when
     * no handler serves that resource (an unknown one, another API version).
     */
    private Set<String> scopesOfResource(PathContainer path) {
        String resource = resourceOf(path);
        return resource == null ? Set.of() : index().scopesByResource().getOrDefault(resource, Set.of());
    }

    private static final int RESOURCE_SEGMENTS = 3;

    /**
     * A request's resource: its first {@value #RESOURCE_SEGMENTS} segments, decoded as the patterns
     * match them ({@code /api/v1/us%65rs/x} is {@code /api/v1/users}), or null when it has fewer.
     */
    static String resourceOf(PathContainer path) {
        List<PathContainer.Element> elements = path.elements();
        if (elements.size() < 2 * RESOURCE_SEGMENTS) {
            return null;
        }
        StringBuilder resource = new StringBuilder();
        for (int i = 0; i < 2 * RESOURCE_SEGMENTS; i++) {
            PathContainer.Element element = elements.get(i);
            if (i % 2 == 0) {
                if (!(element instanceof PathContainer.Separator)) {
                    return null;
                }
            } else if (element instanceof PathContainer.PathSegment segment && isLiteral(segment.valueToMatch())) {
                resource.append('/').append(segment.valueToMatch());
            } else {
                return null;
            }
        }
        return resource.toString();
    }

    /** A pattern's resource: its first {@value #RESOURCE_SEGMENTS} segments when all are literal, else null. */
    private static String resourceOf(String pattern) {
        String[] segments = pattern.split("/", -1);
        // a leading "/" gives an empty first element
        if (segments.length < RESOURCE_SEGMENTS + 1 || !segments[0].isEmpty()) {
            return null;
        }
        for (int i = 1; i <= RESOURCE_SEGMENTS; i++) {
            if (!isLiteral(segments[i])) {
                return null;
            }
        }
        return String.join("/", java.util.Arrays.copyOfRange(segments, 0, RESOURCE_SEGMENTS + 1));
    }

    private static boolean isLiteral(String segment) {
        return !segment.isEmpty() && segment.indexOf('{') < 0 && segment.indexOf('*') < 0;
    }

    /** The handlers this request may reach (matched as for its scope: the most specific path), none when it reaches none. */
    List<Method> handlersOf(HttpServletRequest request) {
        return best(request.getMethod(), pathOf(request)).stream().map(Rule::handler).distinct().toList();
    }

    private Index index() {
        Index known = index;
        if (known == null) {
            List<Rule> rules = new ArrayList<>();
            mapping.get().getHandlerMethods().forEach((info, handler) -> {
                Set<String> methods = new java.util.HashSet<>();
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    methods.add(method.name());
                    if (method == RequestMethod.GET) {
                        methods.add("HEAD");
                    }
                }
                for (String pattern : info.getPatternValues()) {
                    rules.add(new Rule(Set.copyOf(methods), PathPatternParser.defaultInstance.parse(pattern), handler.getMethod(),
                            ApiScopes.of(handler.getMethod())));
                }
            });
            rules.sort(Comparator.comparing(Rule::path, PathPattern.SPECIFICITY_COMPARATOR));
            Map<String, List<Rule>> byResource = new HashMap<>();
            Map<String, Set<String>> scopes = new HashMap<>();
            List<Rule> anyResource = new ArrayList<>();
            for (Rule rule : rules) {
                String resource = resourceOf(rule.path().getPatternString());
                if (resource == null) {
                    anyResource.add(rule);
                } else {
                    byResource.computeIfAbsent(resource, key -> new ArrayList<>());
                    if (rule.scope() != null) {
                        scopes.computeIfAbsent(resource, key -> new java.util.TreeSet<>()).add(rule.scope());
                    }
                }
            }
            // every resource's list holds its own rules and the unanchored ones, in one specificity order
            for (Rule rule : rules) {
                String resource = resourceOf(rule.path().getPatternString());
                for (Map.Entry<String, List<Rule>> entry : byResource.entrySet()) {
                    if (resource == null || resource.equals(entry.getKey())) {
                        entry.getValue().add(rule);
                    }
                }
            }
            Map<String, List<Rule>> lists = new HashMap<>();
            byResource.forEach((resource, list) -> lists.put(resource, List.copyOf(list)));
            Map<String, Set<String>> sets = new HashMap<>();
            scopes.forEach((resource, set) -> sets.put(resource, Set.copyOf(set)));
            index = known = new Index(Map.copyOf(lists), List.copyOf(anyResource), Map.copyOf(sets));
        }
        return known;
    }
}
