package dev.intercomgateway.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The one definition of a time value on the internal API, for JSON bodies and query strings alike:
 * an ISO-8601 date-time with an offset ({@code Z} or {@code +hh:mm}), such as
 * {@code 2024-05-01T11:30:00+02:00}. It is normalised to UTC and to whole seconds (Intercom keeps
 * unix seconds), and must lie between {@link #EARLIEST} and {@link #LATEST}. A bare number is refused
 * (its unit, seconds or milliseconds, is a guess), and so is a date without a time or a time without
 * an offset. Fields whose meaning narrows the range add {@link TimeRange}.
 */
public final class TimeValues {

    /** Unix time 0: Intercom's timestamps are unix seconds, and no earlier value has one that is not negative. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /**
     * Unix time 2^31 - 1 (2038-01-19T03:14:07Z). Intercom's description types its timestamps as integer unix
     * seconds without a format; this is the latest that every reader of a 32-bit integer holds.
     */
    public static final Instant LATEST = Instant.ofEpochSecond(Integer.MAX_VALUE);
    /** What a caller is told to send. */
    public static final String EXPECTED = "an ISO-8601 date-time with an offset, such as 2024-05-01T09:30:00Z or 2024-05-01T11:30:00+02:00";

    /** The rule in a sentence, for the API description. */
    public static final String DESCRIPTION = "ISO-8601 date-time with an offset (Z or +hh:mm), normalised to UTC and whole seconds, "
            + "from 1970-01-01T00:00:00Z to 2038-01-19T03:14:07Z; a number, a date alone or a time without offset is a 400";

    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private TimeValues() {
    }

    /**
     * @param text what the caller sent
     * @return the instant in UTC, whole seconds
     * @throws InvalidTimeValueException when the text is not of the form or lies outside the range, with a message saying which
     */
    public static Instant parse(String text) {
        if (text == null) {
            throw new InvalidTimeValueException("must be " + EXPECTED);
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException notOfTheForm) {
            throw new InvalidTimeValueException(NUMBER.matcher(text.strip()).matches()
                    ? "must be " + EXPECTED + "; a number is not accepted (seconds or milliseconds would be a guess)"
                    : "must be " + EXPECTED);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidTimeValueException("must be between " + EARLIEST + " and " + LATEST);
        }
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    /** A time value that is not of the API's form or range; the message says what is expected, to follow the field's name. */
    public static final class InvalidTimeValueException extends IllegalArgumentException {

        InvalidTimeValueException(String message) {
            super(message);
        }
    }
}
