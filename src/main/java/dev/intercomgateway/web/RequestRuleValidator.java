package dev.intercomgateway.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** A {@link RequestRule} holds when its method says so. */
public class RequestRuleValidator implements ConstraintValidator<RequestRule, Boolean> {

    @Override
    public boolean isValid(Boolean holds, ConstraintValidatorContext context) {
        return holds == null || holds;
    }
}
