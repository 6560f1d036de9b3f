package dev.intercomgateway.events;

import java.util.Set;

/**
 * An event to append: Intercom's notification id (what duplicates share), its topic, the scopes a
 * caller needs to receive it, and its CloudEvents JSON.
 */
public record NewEvent(String notificationId, String topic, Set<String> scopes, String cloudEvent) {

    /** Rough bytes it takes in memory, for the in-memory log's bound. */
    long weight() {
        return 2L * (notificationId.length() + topic.length() + cloudEvent.length()) + 128;
    }
}
