package dev.intercomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The rules of the internal API are written on its handlers: every {@code @RequestMapping} handler
 * under {@code /api/} names its scope, every write is audited, and the scopes callers may be
 * granted are exactly those the handlers name.
 */
class ApiHandlerRulesTest {

    /** A handler of the internal API: its method and its paths (the controller's prefix joined to the method's). */
    record Handler(Method method, List<String> paths, Set<RequestMethod> methods) {

        boolean isApi() {
            return paths.stream().anyMatch(path -> path.startsWith("/api/"));
        }

        boolean isWrite() {
            return methods.isEmpty() || methods.stream().anyMatch(m -> m != RequestMethod.GET && m != RequestMethod.HEAD);
        }

        @Override
        public String toString() {
            return method.getDeclaringClass().getSimpleName() + "." + method.getName() + " " + methods + " " + paths;
        }
    }

    static List<Handler> handlers(Class<?>... controllers) {
        List<Handler> handlers = new ArrayList<>();
        for (Class<?> controller : controllers) {
            RequestMapping prefix = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            List<String> prefixes = prefix == null || prefix.path().length == 0 ? List.of("") : List.of(prefix.path());
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                List<String> own = mapping.path().length == 0 ? List.of("") : List.of(mapping.path());
                List<String> paths = prefixes.stream().flatMap(p -> own.stream().map(o -> p + o)).toList();
                handlers.add(new Handler(method, paths, Set.of(mapping.method())));
            }
        }
        return handlers;
    }

    static List<Handler> apiHandlers() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
        Class<?>[] controllers = scanner.findCandidateComponents(ApiScopes.BASE_PACKAGE).stream()
                .map(candidate -> ClassUtils.resolveClassName(candidate.getBeanClassName(), null)).toArray(Class<?>[]::new);
        return handlers(controllers).stream().filter(Handler::isApi).toList();
    }

    static List<Handler> withoutScope(List<Handler> handlers) {
        return handlers.stream().filter(handler -> ApiScopes.of(handler.method()) == null).toList();
    }

    static List<Handler> unauditedWrites(List<Handler> handlers) {
        return handlers.stream().filter(Handler::isWrite).filter(handler -> !ApiScopes.audited(handler.method())).toList();
    }

    @Test
    void everyHandlerOfTheApiNamesItsScope() {
        List<Handler> api = apiHandlers();
        assertThat(api).as("the scan finds the API's handlers").hasSizeGreaterThan(30);
        assertThat(withoutScope(api)).as("handlers without @RequiresScope").isEmpty();
    }

    @Test
    void everyWriteIsAudited() {
        assertThat(unauditedWrites(apiHandlers())).as("writes without @Audited").isEmpty();
    }

    @Test
    void theScopesCallersMayHoldAreThoseTheHandlersName() {
        Set<String> named = new TreeSet<>();
        apiHandlers().forEach(handler -> named.add(ApiScopes.of(handler.method())));
        assertThat(ApiScopes.declared()).isEqualTo(named).containsExactlyInAnyOrder("users:read", "users:write", "leads:read",
                "leads:write", "conversations:read", "conversations:write", "conversations:manage", "tags:read", "tags:write",
                "admins:read", "events:read");
        assertThat(KnownScope.Validator.API_SCOPES).as("the declared scopes, and ops for Actuator").contains("ops");
    }

    @Test
    void aHandlerWithoutScopeOrAnUnauditedWriteIsFound() {
        List<Handler> careless = handlers(Careless.class);
        assertThat(careless).hasSize(2);
        assertThat(withoutScope(careless)).extracting(handler -> handler.method().getName()).containsExactly("forgotten");
        assertThat(unauditedWrites(careless)).extracting(handler -> handler.method().getName()).containsExactly("forgotten");
    }

    /** Not a controller (no component scan must find it), only mapped as one. */
    @RequestMapping("/api/v1/careless")
    static class Careless {

        @GetMapping
        @RequiresScope("users:read")
        String scoped() {
            return "";
        }

        @PostMapping
        String forgotten() {
            return "";
        }
    }
}
