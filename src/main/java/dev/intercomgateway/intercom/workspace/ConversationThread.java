package dev.intercomgateway.intercom.workspace;

import java.time.Instant;
import java.util.List;

/**
 * A conversation. Lists and searches carry no opening message and no parts; a single conversation
 * carries both as Intercom returned them.
 *
 * @param adminAssigneeId null when nobody is assigned (Intercom says 0)
 * @param teamAssigneeId null when no team is assigned (Intercom says 0)
 * @param contactIds never null
 * @param tags the tags' names, never null
 * @param opening the opening message ({@code source}), at the conversation's creation time, or null
 * @param parts the parts Intercom returned (at most the 500 most recent), oldest first, never null
 * @param partsTotal how many parts Intercom says there are, or null when it does not say
 */
public record ConversationThread(
        String id,
        String title,
        String state,
        boolean open,
        Instant createdAt,
        Instant updatedAt,
        String adminAssigneeId,
        String teamAssigneeId,
        Instant snoozedUntil,
        List<String> contactIds,
        List<String> tags,
        Part opening,
        List<Part> parts,
        Integer partsTotal) {

    /** A part of the thread (the opening message has no {@code partType}). */
    public record Part(String id, String partType, Author author, String body, Instant createdAt) {
    }

    public record Author(String type, String id, String name) {
    }
}
