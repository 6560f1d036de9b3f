package dev.intercomgateway.security;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.core.Authentication;

/**
 * Method security for {@link ActsAsAdmin}: evaluates the handler's expression on its arguments and
 * applies {@link ActingAs#requireAdmin}. A handler's scope ({@code @PreAuthorize} through
 * RequiresScope) is checked first. Its own interceptor, since one method carries one
 * {@code @PreAuthorize} only.
 */
final class ActsAsAdminCheck implements AuthorizationManager<MethodInvocation> {

    private final DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
    private final Map<Method, Expression> parsed = new ConcurrentHashMap<>();

    static AuthorizationManagerBeforeMethodInterceptor interceptor() {
        var interceptor = new AuthorizationManagerBeforeMethodInterceptor(new AnnotationMatchingPointcut(null, ActsAsAdmin.class, true),
                new ActsAsAdminCheck());
        interceptor.setOrder(AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder() + 1);
        return interceptor;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> caller, MethodInvocation invocation) {
        Expression admin = parsed.computeIfAbsent(invocation.getMethod(), method -> expressions.getExpressionParser()
                .parseExpression(AnnotatedElementUtils.findMergedAnnotation(method, ActsAsAdmin.class).value()));
        return new AuthorizationDecision(ActingAs.requireAdmin(admin.getValue(expressions.createEvaluationContext(caller, invocation), String.class)));
    }
}
