package dev.intercomgateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A rule of a request body that a single field's constraint cannot state (such as "email or
 * external_id is required"), on a boolean method that says whether it holds. A broken rule is reported
 * in {@code errors[]} with {@code field} naming the JSON fields the rule is about ({@link #fields()}),
 * joined with commas: {@code {"field":"email,external_id","message":"email or external_id is required"}}.
 */
@Documented
@Constraint(validatedBy = RequestRuleValidator.class)
@Target({ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequestRule {

    /** The JSON names (paths such as {@code from.id}) of the fields the rule is about, as the caller wrote them. */
    String[] fields();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
