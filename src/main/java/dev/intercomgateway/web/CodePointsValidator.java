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
        String unreadable = unreadable(value);
        if (unreadable != null) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(unreadable).addConstraintViolation();
            return false;
        }
        int count = Character.codePointCount(value, 0, value.length());
        return count >= min && count <= max;
    }

    /**
     * What makes a string no text at all, or null: a lone surrogate (half a character, which no
     * UTF-8 reader such as Intercom's can take) or a NUL (which ends a string in C and in many stores).
     */
    static String unreadable(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "must not contain a NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain a lone surrogate (half of a UTF-16 pair, not a character)";
            }
        }
        return null;
    }

    /** A string's length as the API counts it. */
    public static int length(CharSequence value) {
        return Character.codePointCount(value, 0, value.length());
    }
}
