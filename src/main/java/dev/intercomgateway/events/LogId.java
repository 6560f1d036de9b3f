package dev.intercomgateway.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the event log, shaped as a Redis Stream entry id: {@code <unix ms>-<sequence>}
 * (e.g. {@code 1767225600000-0}). Both logs hand out ids of this shape, so a subscriber's
 * {@code Last-Event-ID} means the same whichever store keeps the log.
 */
public record LogId(long millis, long sequence) implements Comparable<LogId> {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

    /** @throws IllegalArgumentException when the text is not an id of this shape */
    public static LogId parse(String text) {
        Matcher matcher = text == null ? null : SHAPE.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("not an event id");
        }
        try {
            return new LogId(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException("not an event id", tooLarge);
        }
    }

    @Override
    public int compareTo(LogId other) {
        int byTime = Long.compare(millis, other.millis);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
