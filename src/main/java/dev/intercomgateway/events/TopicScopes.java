package dev.intercomgateway.events;

import java.util.Optional;
import java.util.Set;

/**
 * Which scopes a caller needs to receive a topic: those it would need to read the same object
 * through the API (Intercom's webhook docs list, per topic family, the permission an app needs to
 * receive it; these are the gateway's scopes for the same reads).
 * <ul>
 *   <li>{@code contact.user.*}: users:read; {@code contact.lead.*}: leads:read; other contact topics
 *       ({@code contact.deleted}, {@code contact.email.updated} ...) by the item's {@code role}, and
 *       both when the item names none;</li>
 *   <li>{@code conversation.*} (and {@code conversation_part.*}): conversations:read;</li>
 *   <li>{@code admin.*}: admins:read;</li>
 *   <li>anything else (companies, tickets, ...): no caller of this gateway reads those objects, so
 *       it is not kept.</li>
 * </ul>
 */
public final class TopicScopes {

    public static final String USERS = "users:read";
    public static final String LEADS = "leads:read";
    public static final String CONVERSATIONS = "conversations:read";
    public static final String ADMINS = "admins:read";

    private TopicScopes() {
    }

    /**
     * @param role the contact's role from the item ({@code user} or {@code lead}), or null
     * @return the scopes needed, all of them; empty when no caller may receive the topic
     */
    public static Optional<Set<String>> required(String topic, String role) {
        if (topic.startsWith("contact.user.")) {
            return Optional.of(Set.of(USERS));
        }
        if (topic.startsWith("contact.lead.")) {
            return Optional.of(Set.of(LEADS));
        }
        if (topic.startsWith("contact.")) {
            if ("user".equals(role)) {
                return Optional.of(Set.of(USERS));
            }
            return Optional.of("lead".equals(role) ? Set.of(LEADS) : Set.of(USERS, LEADS));
        }
        if (topic.startsWith("conversation.") || topic.startsWith("conversation_part.")) {
            return Optional.of(Set.of(CONVERSATIONS));
        }
        if (topic.startsWith("admin.")) {
            return Optional.of(Set.of(ADMINS));
        }
        return Optional.empty();
    }
}
