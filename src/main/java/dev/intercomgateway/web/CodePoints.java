package dev.intercomgateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A string's length in characters (Unicode code points), the unit in which the API states its limits:
 * an emoji counts once, where {@code @Size} would count it twice (two UTF-16 units). Null is valid.
 * The API description shows the bounds as {@code minLength}/{@code maxLength}, which JSON Schema also
 * counts in characters.
 */
@Documented
@Constraint(validatedBy = CodePointsValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface CodePoints {

    int min() default 0;

    int max();

    String message() default "must be between {min} and {max} characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
