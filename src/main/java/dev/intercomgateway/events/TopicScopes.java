package dev.intercomgateway.events;

import java.util.Optional;
import java.util.Set;

/**
 * Which scopes a caller needs to receive a topic: those it would need to read the same object
 * through the API (Intercom's webhook docs list, per topic family, the permission an app needs to
 * receive it; these are the gateway's scopes for the same reads).
 * <ul>
 *   <li>{@code contact.user.*}: users:read; {@code contact.lead.*}: leads:read; {@code contact.deleted}
 *       and {@code contact.email.updated} by the item's {@code role}, and both when it names none;</li>
 *   <li>{@code conversation.user.*}, {@code conversation.admin.*} and {@code conversation.deleted}:
 *       conversations:read;</li>
 *   <li>{@code admin.away_mode_updated}: admins:read;</li>
 *   <li>anything else (companies, tickets, conversation parts' tags, other contact or admin topics
 *       whose item is not the object those scopes read): not kept. Only a documented topic or a
 *       family whose items are the contact or conversation itself is kept.</li>
 * </ul>
 */
public final class TopicScopes {

    public static final String USERS = "users:read";
    public static final String LEADS = "leads:read";
    public static final String CONVERSATIONS = "conversations:read";
    public static final String ADMINS = "admins:read";

    /** Contact topics that name neither role: the item's {@code role} decides. */
    private static final Set<String> BY_ROLE = Set.of("contact.deleted", "contact.email.updated");

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
        if (BY_ROLE.contains(topic)) {
            if ("user".equals(role)) {
                return Optional.of(Set.of(USERS));
            }
            return Optional.of("lead".equals(role) ? Set.of(LEADS) : Set.of(USERS, LEADS));
        }
        if (topic.startsWith("conversation.user.") || topic.startsWith("conversation.admin.") || topic.equals("conversation.deleted")) {
            return Optional.of(Set.of(CONVERSATIONS));
        }
        if (topic.equals("admin.away_mode_updated")) {
            return Optional.of(Set.of(ADMINS));
        }
        return Optional.empty();
    }
}
