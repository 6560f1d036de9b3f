package dev.intercomgateway.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a fault test whose Intercom double deliberately answers what Intercom never would (an HTML
 * 503, a truncated body, a status its description does not define). Only the answers are excused:
 * every request the gateway sends is still checked.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OffContractAnswers {

    /** What is off, for the reader. */
    String value();
}
