package dev.intercomgateway.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Counts a string's code points for {@link CodePoints}. */
public class CodePointsValidator implements ConstraintValidator<CodePoints, CharSequence> {

    private int min;
    private int max;

    @Override
    public void initialize(CodePoints limits) {
        min = limits.min();
        max = limits.max();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        // No code point count above max is needed: a string of more UTF-16 units than 2 * max is too long anyway.
        if (value.length() > 2L * max) {
            return false;
        }
        int count = Character.codePointCount(value, 0, value.length());
        return count >= min && count <= max;
    }

    /** A string's length as the API counts it. */
    public static int length(CharSequence value) {
        return Character.codePointCount(value, 0, value.length());
    }
}
