package dev.intercomgateway.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The scope a caller needs for this handler of the internal API ({@code users:read} ...): the one
 * place the rule is written. The security chain applies it before anything else runs (so a caller
 * without the scope learns nothing of validation, and never gets a stored answer replayed, see
 * HandlerScopes), method security applies it again on the call itself, the list of scopes a caller
 * may be granted and the API description are read from it (ApiScopes).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@PreAuthorize("hasAuthority('SCOPE_{value}')")
public @interface RequiresScope {

    /** The scope, without Spring Security's {@code SCOPE_} prefix. */
    String value();
}
