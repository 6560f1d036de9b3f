package dev.intercomgateway.conversations;

import java.util.ArrayList;
import java.util.List;

import dev.intercomgateway.intercom.workspace.ConversationThread;

/** Intercom's conversations as the API shows them: the summary of a list, and the whole thread, which adds to the summary. */
final class ConversationMapper {

    static final String OPENING_PART_TYPE = "opening_message";

    private ConversationMapper() {
    }

    static ConversationSummary summary(ConversationThread c) {
        return new ConversationSummary(c.id(), c.title(), c.state(), c.open(), c.createdAt(), c.updatedAt(), c.adminAssigneeId(),
                c.teamAssigneeId(), c.snoozedUntil(), c.contactIds());
    }

    /** The opening message first, then the parts oldest first; the totals count the opening message too. */
    static Conversation conversation(ConversationThread c) {
        List<ConversationPart> parts = new ArrayList<>();
        if (c.opening() != null) {
            parts.add(part(c.opening(), OPENING_PART_TYPE));
        }
        c.parts().forEach(part -> parts.add(part(part, part.partType())));
        int returnedParts = c.parts().size();
        int totalParts = c.partsTotal() == null ? returnedParts : Math.max(returnedParts, c.partsTotal());
        return Conversation.of(summary(c), c.tags(), parts, totalParts + (c.opening() != null ? 1 : 0), totalParts > returnedParts);
    }

    private static ConversationPart part(ConversationThread.Part part, String type) {
        ConversationPart.Author author = part.author() == null ? null
                : new ConversationPart.Author(part.author().type(), part.author().id(), part.author().name());
        return new ConversationPart(part.id(), type, author, part.body(), part.createdAt());
    }
}
