package dev.intercomgateway.web;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;

/**
 * Names what a value that could not be read should have been, for the {@code errors[]} entry of a
 * refused body value or query parameter. Jackson's and Spring's own messages name Java types, which
 * the caller neither knows nor needs.
 */
final class UnreadableValues {

    private UnreadableValues() {
    }

    /** The JSON path of a value Jackson could not read ({@code from.id}, {@code custom_attributes.plan}, {@code items[2]}), or null. */
    static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    static String message(DatabindException e) {
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        // The API's time rule says itself what it expects; its message is written for the caller.
        if (target == Instant.class) {
            return e.getOriginalMessage();
        }
        return expected(target);
    }

    static String message(TypeMismatchException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeValues.InvalidTimeValueException invalid) {
                return invalid.getMessage();
            }
        }
        return expected(e.getRequiredType());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "is not a valid value here";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class || type == Long.class
                || type == Short.class || type == java.math.BigInteger.class) {
            return "must be an integer";
        }
        if (type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type.isEnum()) {
            return "is not one of the accepted values";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be a JSON array";
        }
        if (type == Instant.class) {
            return "must be " + TimeValues.EXPECTED;
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be a JSON object";
        }
        return "is not a valid value here";
    }
}
