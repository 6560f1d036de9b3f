package dev.intercomgateway.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import dev.intercomgateway.intercom.operations.IntercomOperations;

/**
 * A scope the gateway knows: one of the internal API's, {@code ops}, or the scope of an operation of
 * Intercom's description ({@code intercom:contacts:read} ...), or {@code intercom:*:read} /
 * {@code intercom:*:write}. A typo is refused at startup and on every refresh of the callers alike.
 */
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownScope.Validator.class)
public @interface KnownScope {

    String message() default "is not a scope of this gateway (see gateway.clients[].scopes)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<KnownScope, String> {

        /** The scopes the API's handlers require (see RequiresScope), and {@code ops} for Actuator. */
        static final Set<String> API_SCOPES = apiScopes();

        private static final Set<String> KNOWN = known();

        private static Set<String> apiScopes() {
            Set<String> scopes = new TreeSet<>(ApiScopes.declared());
            scopes.add("ops");
            return Set.copyOf(scopes);
        }

        /** Every scope a caller may be granted. */
        static Set<String> known() {
            Set<String> all = new TreeSet<>(API_SCOPES);
            all.addAll(IntercomOperations.described().scopes());
            all.add("intercom:*:read");
            all.add("intercom:*:write");
            return all;
        }

        @Override
        public boolean isValid(String scope, ConstraintValidatorContext context) {
            return scope == null || KNOWN.contains(scope);
        }
    }
}
