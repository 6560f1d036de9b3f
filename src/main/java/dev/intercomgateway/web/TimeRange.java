package dev.intercomgateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A time value's range relative to the moment of the request, for fields whose meaning narrows
 * {@link TimeValues}' range: a sign-up is not long in the future, a snooze ends in the future. Bounds are
 * ISO-8601 durations from now ({@code PT0S}: now, {@code P1D}: a day ahead, {@code -P1D}: a day ago);
 * an empty bound leaves {@link TimeValues}' bound. The value must be after {@link #after()} and not after
 * {@link #notAfter()}; null is valid.
 */
@Documented
@Constraint(validatedBy = TimeRangeValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface TimeRange {

    /** The value must be later than now plus this; empty: no bound beyond {@link TimeValues#EARLIEST}. */
    String after() default "";

    /** The value must not be later than now plus this; empty: no bound beyond {@link TimeValues#LATEST}. */
    String notAfter() default "";

    /** Built by the validator from the bounds at the moment of the request. */
    String message() default "is outside its range";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
