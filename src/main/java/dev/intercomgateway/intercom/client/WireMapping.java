package dev.intercomgateway.intercom.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.intercomgateway.intercom.client.model.IntercomAdmin;
import dev.intercomgateway.intercom.client.model.IntercomAdminMessageRequest;
import dev.intercomgateway.intercom.client.model.IntercomAuthor;
import dev.intercomgateway.intercom.client.model.IntercomContact;
import dev.intercomgateway.intercom.client.model.IntercomContactWrite;
import dev.intercomgateway.intercom.client.model.IntercomConversation;
import dev.intercomgateway.intercom.client.model.IntercomMessage;
import dev.intercomgateway.intercom.client.model.IntercomNote;
import dev.intercomgateway.intercom.client.model.IntercomPages;
import dev.intercomgateway.intercom.client.model.IntercomParticipant;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Query;
import dev.intercomgateway.intercom.client.model.IntercomTag;
import dev.intercomgateway.intercom.client.model.IntercomTeamList;
import dev.intercomgateway.intercom.workspace.AdminMessage;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactNote;
import dev.intercomgateway.intercom.workspace.ConversationQuery;
import dev.intercomgateway.intercom.workspace.ConversationThread;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.intercom.workspace.SentMessage;
import dev.intercomgateway.intercom.workspace.WorkspaceAdmin;
import dev.intercomgateway.intercom.workspace.WorkspaceTag;
import dev.intercomgateway.intercom.workspace.WorkspaceTeam;

/** Intercom's wire records to the workspace's types and back: the one place that knows both. */
final class WireMapping {

    /**
     * Intercom's timestamps are unix seconds in an int32. 0 or none is "not set"; a value outside
     * 1..2^31-1 (one another client wrote in milliseconds, a negative one) is not a time the API can
     * state (it takes the same range, see {@code TimeValues}): null too, rather than a year 56301 or a 1969 date.
     */
    private static final long LATEST_EPOCH_SECOND = Integer.MAX_VALUE;

    private WireMapping() {
    }

    static Instant instant(Long epochSeconds) {
        return epochSeconds == null || epochSeconds < 1 || epochSeconds > LATEST_EPOCH_SECOND ? null : Instant.ofEpochSecond(epochSeconds);
    }

    static Long epochSeconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }

    static String nextCursor(IntercomPages pages) {
        return IntercomPages.nextCursor(pages);
    }

    static Contact contact(IntercomContact c) {
        return new Contact(c.id(), c.role(), c.externalId(), c.email(), c.phone(), c.name(), instant(c.signedUpAt()), instant(c.createdAt()),
                instant(c.updatedAt()), c.customAttributes() == null ? Map.of() : c.customAttributes());
    }

    static IntercomContactWrite contactWrite(String role, ContactFields fields) {
        return new IntercomContactWrite(role, fields.externalId(), fields.email(), fields.phone(), fields.name(),
                epochSeconds(fields.signedUpAt()), fields.customAttributes());
    }

    static WorkspaceAdmin admin(IntercomAdmin a) {
        return new WorkspaceAdmin(a.id(), a.name(), a.email(), a.jobTitle(), Boolean.TRUE.equals(a.awayModeEnabled()),
                Boolean.TRUE.equals(a.hasInboxSeat()));
    }

    static WorkspaceTeam team(IntercomTeamList.Team t) {
        return new WorkspaceTeam(t.id(), t.name(), t.adminIds() == null ? List.of() : t.adminIds().stream().map(String::valueOf).toList());
    }

    static WorkspaceTag tag(IntercomTag t) {
        return new WorkspaceTag(t.id(), t.name());
    }

    static ContactNote note(IntercomNote n) {
        return new ContactNote(n.id(), n.body(), instant(n.createdAt()),
                n.author() == null ? null : new ContactNote.Author(n.author().id(), n.author().name()));
    }

    static SentMessage message(IntercomMessage m) {
        return new SentMessage(m.id(), m.conversationId());
    }

    /** Intercom addresses a message to a {@code user} or a {@code lead}; any other role is addressed as a user, its default. */
    static IntercomAdminMessageRequest adminMessage(AdminMessage m) {
        String recipientType = "lead".equals(m.recipient().role()) ? "lead" : "user";
        return new IntercomAdminMessageRequest(m.email() ? IntercomAdminMessageRequest.EMAIL : IntercomAdminMessageRequest.IN_APP,
                m.email() ? m.subject() : null, m.body(), m.email() ? m.template() : null,
                IntercomAdminMessageRequest.Sender.admin(Long.parseLong(m.adminId())),
                new IntercomParticipant(recipientType, m.recipient().id()), true);
    }

    static List<Query> conversationFilters(ConversationQuery q) {
        List<Query> filters = new ArrayList<>();
        if (q.state() != null) {
            filters.add(Query.equalTo("state", q.state()));
        }
        if (q.open() != null) {
            filters.add(Query.equalTo("open", q.open()));
        }
        if (q.adminAssigneeId() != null) {
            filters.add(Query.equalTo("admin_assignee_id", q.adminAssigneeId()));
        }
        if (q.teamAssigneeId() != null) {
            filters.add(Query.equalTo("team_assignee_id", q.teamAssigneeId()));
        }
        if (q.contactId() != null) {
            filters.add(Query.equalTo("contact_ids", q.contactId()));
        }
        if (q.createdAfter() != null) {
            filters.add(Query.after("created_at", q.createdAfter().getEpochSecond()));
        }
        if (q.updatedAfter() != null) {
            filters.add(Query.after("updated_at", q.updatedAfter().getEpochSecond()));
        }
        return filters;
    }

    static ConversationThread conversation(IntercomConversation c) {
        ConversationThread.Part opening = c.source() == null ? null
                : new ConversationThread.Part(c.source().id(), null, author(c.source().author()), c.source().body(), instant(c.createdAt()));
        List<ConversationThread.Part> parts = c.conversationParts() == null || c.conversationParts().conversationParts() == null ? List.of()
                : c.conversationParts().conversationParts().stream()
                        .sorted(Comparator.comparing(p -> p.createdAt() == null ? 0L : p.createdAt()))
                        .map(p -> new ConversationThread.Part(p.id(), p.partType(), author(p.author()), p.body(), instant(p.createdAt())))
                        .toList();
        Integer partsTotal = c.conversationParts() == null || c.conversationParts().conversationParts() == null ? null
                : c.conversationParts().totalCount();
        List<String> contactIds = c.contacts() == null || c.contacts().contacts() == null ? List.of()
                : c.contacts().contacts().stream().map(IntercomConversation.ContactReference::id).toList();
        return new ConversationThread(c.id(), c.title(), c.state(), Boolean.TRUE.equals(c.open()), instant(c.createdAt()), instant(c.updatedAt()),
                c.assignedAdminId(), c.assignedTeamId(), instant(c.snoozedUntil()), contactIds, c.tagNames(), opening, parts, partsTotal);
    }

    private static ConversationThread.Author author(IntercomAuthor author) {
        return author == null ? null : new ConversationThread.Author(author.type(), author.id(), author.name());
    }

    static <T> Page<T> page(List<T> items, IntercomPages pages) {
        return new Page<>(items, nextCursor(pages));
    }
}
