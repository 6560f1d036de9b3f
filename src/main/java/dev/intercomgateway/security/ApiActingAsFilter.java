package dev.intercomgateway.security;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.web.CachedBodyRequest;
import dev.intercomgateway.web.ProblemWriter;
import dev.intercomgateway.web.RequestBodyTooLargeException;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code admin-ids} on {@code /api/v1}, checked after authentication and before the idempotency
 * filter, so that a repeated {@code Idempotency-Key} is never answered from the store for a caller
 * that may no longer act as the admin of the stored request. It applies to the handlers marked
 * {@link ActsAsAdmin} only, and reads the admin where their annotation does: the expression is
 * evaluated on the request body read into the handler's {@code @RequestBody} type (as MVC will
 * bind it) and on its {@code @RequestParam}s, so that an {@code admin_id} elsewhere (a custom
 * attribute of a user) names no admin. A body that does not bind, or an expression that cannot be
 * evaluated on it, is left to the handler: it is refused there (400, or 403 by ActsAsAdminCheck on
 * the bound request) before anything reaches Intercom, and a stored answer is only ever replayed
 * for a body that bound.
 */
public class ApiActingAsFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final SpelExpressionParser SPEL = new SpelExpressionParser();
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final HandlerScopes handlers;
    private final Supplier<JsonMapper> json;
    private final Map<Method, Expression> parsed = new ConcurrentHashMap<>();

    ApiActingAsFilter(HandlerScopes handlers, Supplier<JsonMapper> json) {
        this.handlers = handlers;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || !ActingAs.restricted(SecurityContextHolder.getContext().getAuthentication());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<Method> acting = handlers.handlersOf(request).stream()
                .filter(handler -> AnnotatedElementUtils.hasAnnotation(handler, ActsAsAdmin.class)).toList();
        if (acting.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest forwarded = request;
        byte[] body = null;
        if (isJson(request.getContentType())) {
            try {
                body = request.getInputStream().readAllBytes();
            } catch (RequestBodyTooLargeException tooLarge) {
                ProblemWriter.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                return;
            }
            forwarded = new CachedBodyRequest(request, body);
        }
        Set<String> admins = new LinkedHashSet<>();
        for (Method handler : acting) {
            String admin = actingAdmin(handler, request, body);
            if (admin != null) {
                admins.add(admin);
            }
        }
        Optional<String> refused = ActingAs.refused(SecurityContextHolder.getContext().getAuthentication(), admins);
        if (refused.isPresent()) {
            AuditLog.refused(request, 403);
            ProblemWriter.write(request, response, HttpStatus.FORBIDDEN, "This caller may not act as admin " + refused.get());
            return;
        }
        chain.doFilter(forwarded, response);
    }

    /** The admin the handler's {@link ActsAsAdmin} names for this request, or null (none, or left to the handler). */
    private String actingAdmin(Method handler, HttpServletRequest request, byte[] body) {
        Expression expression = parsed.computeIfAbsent(handler,
                method -> SPEL.parseExpression(AnnotatedElementUtils.findMergedAnnotation(method, ActsAsAdmin.class).value()));
        StandardEvaluationContext context = new StandardEvaluationContext();
        String[] names = NAMES.getParameterNames(handler);
        Parameter[] parameters = handler.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            Object value = null;
            if (parameter.isAnnotationPresent(RequestBody.class)) {
                if (body == null || body.length == 0) {
                    return null;
                }
                try {
                    value = json.get().readValue(body, parameter.getType());
                } catch (JacksonException unbound) {
                    return null;
                }
            } else if (parameter.isAnnotationPresent(RequestParam.class) && parameter.getType() == String.class) {
                RequestParam param = parameter.getAnnotation(RequestParam.class);
                String name = !param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : names[i];
                value = request.getParameter(name);
            }
            if (names != null) {
                context.setVariable(names[i], value);
            }
        }
        try {
            return expression.getValue(context, String.class);
        } catch (EvaluationException unevaluable) {
            return null;
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    }
}
