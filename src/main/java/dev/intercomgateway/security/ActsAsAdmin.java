package dev.intercomgateway.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * This handler acts as the Intercom admin its {@link #value() expression} names (SpEL over the
 * handler's parameters, such as {@code #request.adminId()}; null when no admin acts): a caller
 * restricted by {@code admin-ids} gets 403 naming that admin, once the request is bound and
 * validated, before anything reaches Intercom (see ActsAsAdminCheck). ApiActingAsFilter applies
 * the same rule to the raw request ahead of any idempotent replay.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ActsAsAdmin {

    /** SpEL naming the acting admin's id, or null. */
    String value();
}
