package dev.intercomgateway.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link TimeRange} against the validator's clock, and says the bounds it used. */
public class TimeRangeValidator implements ConstraintValidator<TimeRange, Instant> {

    private Duration after;
    private Duration notAfter;

    @Override
    public void initialize(TimeRange range) {
        after = range.after().isEmpty() ? null : Duration.parse(range.after());
        notAfter = range.notAfter().isEmpty() ? null : Duration.parse(range.notAfter());
    }

    @Override
    public boolean isValid(Instant value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        // whole seconds, as the value is kept: the bounds a message quotes are comparable with what the caller sent
        Instant now = Instant.now(context.getClockProvider() == null ? Clock.systemUTC() : context.getClockProvider().getClock())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant lower = after == null ? null : now.plus(after);
        Instant upper = notAfter == null ? TimeValues.LATEST : min(now.plus(notAfter), TimeValues.LATEST);
        if ((lower == null || value.isAfter(lower)) && !value.isAfter(upper)) {
            return true;
        }
        String message = lower == null
                ? "must not be after " + upper + " (compared in whole seconds: the value is " + value + ")"
                : "must be after " + lower + " and not after " + upper + " (compared in whole seconds: the value is " + value + ")";
        context.disableDefaultConstraintViolation();
        // Escaped so that the validator does not read the text as a message template.
        context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$")).addConstraintViolation();
        return false;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
