package dev.intercomgateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.intercom.IntercomIds;

/** An admin (or team) id: digits ({@link IntercomIds#ADMIN_REGEX}); a team id says so in its message. Null is valid (pair with {@code @NotNull} where required); shown in the API description as its pattern. */
@Pattern(regexp = IntercomIds.ADMIN_REGEX)
@Constraint(validatedBy = {})
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.ANNOTATION_TYPE, ElementType.CONSTRUCTOR, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AdminId {

    @OverridesAttribute(constraint = Pattern.class, name = "message")
    String message() default IntercomIds.ADMIN_MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
