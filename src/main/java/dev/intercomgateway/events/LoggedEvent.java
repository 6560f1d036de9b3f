package dev.intercomgateway.events;

import java.util.Set;

/**
 * One event as the log keeps it.
 *
 * @param id Its position in the log ({@link LogId}); the SSE {@code id:} and the {@code after} of a page.
 * @param topic Intercom's topic, e.g. {@code contact.user.created}.
 * @param scopes The scopes a caller needs, all of them, to receive it (see {@link TopicScopes}).
 * @param cloudEvent The CloudEvents 1.0 JSON form, sent to subscribers as it is.
 */
public record LoggedEvent(String id, String topic, Set<String> scopes, String cloudEvent) {

    public LogId logId() {
        return LogId.parse(id);
    }

    /** Rough bytes it takes in memory (UTF-16 strings plus overhead), for the subscribers' byte bound. */
    public long weight() {
        return 2L * (id.length() + topic.length() + cloudEvent.length()) + 128;
    }
}
