package dev.intercomgateway.events;

import java.util.List;
import java.util.Set;

/**
 * Which events a caller receives: those whose objects it could read (it holds every scope the event
 * needs) and, when it named topics, whose topic starts with one of them.
 *
 * @param scopes the caller's scopes; null when every caller has every scope (the open sandbox)
 * @param topicPrefixes topics wanted, by prefix; empty for every topic
 */
public record EventFilter(Set<String> scopes, List<String> topicPrefixes) {

    public boolean accepts(LoggedEvent event) {
        return accepts(event.topic(), event.scopes());
    }

    /** Whether it accepts events of this topic that need these scopes. */
    public boolean accepts(String topic, Set<String> required) {
        return (scopes == null || scopes.containsAll(required))
                && (topicPrefixes.isEmpty() || topicPrefixes.stream().anyMatch(topic::startsWith));
    }
}
