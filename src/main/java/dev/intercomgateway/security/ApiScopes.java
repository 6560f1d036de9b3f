package dev.intercomgateway.security;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;

/**
 * What the handlers of the internal API declare, read from their annotations: the scopes
 * ({@link RequiresScope}) a caller may be granted, and which handlers are audited ({@link Audited}).
 * Everything that lists scopes (the callers' validation, the API description) reads them here.
 */
public final class ApiScopes {

    static final String BASE_PACKAGE = "dev.intercomgateway";

    private static final Set<String> DECLARED = scan();

    private ApiScopes() {
    }

    /** Every scope some handler requires, sorted. */
    public static Set<String> declared() {
        return DECLARED;
    }

    /** The scope this handler requires, or null when it names none (and is then refused to every caller). */
    public static String of(Method handler) {
        RequiresScope scope = AnnotatedElementUtils.findMergedAnnotation(handler, RequiresScope.class);
        return scope == null ? null : scope.value();
    }

    /** Whether calls of this handler are audited: the handler or its controller is {@link Audited}. */
    public static boolean audited(Method handler) {
        return AnnotatedElementUtils.hasAnnotation(handler, Audited.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getDeclaringClass(), Audited.class);
    }

    /** Reads the controllers' class files (no class is loaded), so that it also serves before the application context exists. */
    private static Set<String> scan() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
        Set<String> scopes = new TreeSet<>();
        for (var candidate : scanner.findCandidateComponents(BASE_PACKAGE)) {
            for (MethodMetadata method : ((AnnotatedBeanDefinition) candidate).getMetadata().getAnnotatedMethods(RequiresScope.class.getName())) {
                scopes.add((String) method.getAnnotationAttributes(RequiresScope.class.getName()).get("value"));
            }
        }
        return Collections.unmodifiableSet(scopes);
    }
}
