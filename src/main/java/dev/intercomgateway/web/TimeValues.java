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

    /**
     * Unix time 1 (1970-01-01T00:00:01Z): Intercom's timestamps are unix seconds, and Intercom (and the
     * gateway reading it) takes 0 as "not set", so the earliest time that can be stored and read back is 1.
     */
    public static final Instant EARLIEST = Instant.ofEpochSecond(1);
    /**
     * Unix time 2^31 - 1 (2038-01-19T03:14:07Z). Intercom's description types its timestamps as integer unix
     * seconds without a format; this is the latest that every reader of a 32-bit integer holds.
     */
    public static final Instant LATEST = Instant.ofEpochSecond(Integer.MAX_VALUE);
    /** What a caller is told to send. */
    public static final String EXPECTED = "an ISO-8601 date-time with an offset, such as 2024-05-01T09:30:00Z or 2024-05-01T11:30:00+02:00";

    /** The rule in a sentence, for the API description. */
    public static final String DESCRIPTION = "ISO-8601 date-time with an offset (Z or +hh:mm), normalised to UTC and whole seconds, "
            + "from 1970-01-01T00:00:01Z to 2038-01-19T03:14:07Z; a number, a date alone or a time without offset is a 400";

    /** The offsets the rule names: {@code Z} or {@code ±hh:mm}; Java's parser would also take {@code +02} and {@code +05:30:15}. */
    private static final Pattern OFFSET = Pattern.compile(".*T.*(Z|[+-][0-9]{2}:[0-9]{2})");
    private static final Pattern LEAP_SECOND = Pattern.compile(".*T[0-9]{2}:[0-9]{2}:60(\\.[0-9]+)?(Z|[+-].*)");

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
        if (LEAP_SECOND.matcher(text).matches()) {
            throw new InvalidTimeValueException("must be " + EXPECTED + "; a leap second (:60) is not accepted, send :59");
        }
        if (!OFFSET.matcher(text).matches() && !NUMBER.matcher(text.strip()).matches()) {
            throw new InvalidTimeValueException("must be " + EXPECTED + " (the offset Z or ±hh:mm)");
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException notOfTheForm) {
            throw new InvalidTimeValueException(NUMBER.matcher(text.strip()).matches()
                    ? "must be " + EXPECTED + "; a number is not accepted (seconds or milliseconds would be a guess)"
                    : "must be " + EXPECTED);
        }
        // compared as it will be kept: 1970-01-01T00:00:00.5Z is 0, which is "not set"
        Instant kept = instant.truncatedTo(ChronoUnit.SECONDS);
        if (kept.isBefore(EARLIEST) || kept.isAfter(LATEST)) {
            throw new InvalidTimeValueException("must be between " + EARLIEST + " and " + LATEST);
        }
        return kept;
    }

    /** A time value that is not of the API's form or range; the message says what is expected, to follow the field's name. */
    public static final class InvalidTimeValueException extends IllegalArgumentException {

        InvalidTimeValueException(String message) {
            super(message);
        }
    }
}
