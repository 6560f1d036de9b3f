package dev.intercomgateway.security;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * The API description's security, read from the handlers: each operation requires the bearer
 * scheme with its {@link RequiresScope} scope and says so in its description, and the scheme lists
 * every scope the handlers name.
 */
class ScopesInOpenApi implements OperationCustomizer, OpenApiCustomizer {

    static final String SCHEME = "bearer";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        String scope = ApiScopes.of(handler.getMethod());
        if (scope == null) {
            return operation;
        }
        String needs = "Needs scope " + scope + ".";
        operation.setDescription(operation.getDescription() == null ? needs : operation.getDescription() + " " + needs);
        operation.addSecurityItem(new SecurityRequirement().addList(SCHEME, scope));
        return operation;
    }

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSecuritySchemes() == null) {
            return;
        }
        SecurityScheme bearer = openApi.getComponents().getSecuritySchemes().get(SCHEME);
        if (bearer != null) {
            String scopes = "Scopes: " + String.join(", ", ApiScopes.declared()) + " (Actuator: ops).";
            bearer.setDescription(bearer.getDescription() == null ? scopes : bearer.getDescription() + " " + scopes);
        }
    }
}
