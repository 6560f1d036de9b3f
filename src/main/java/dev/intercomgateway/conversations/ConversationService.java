package dev.intercomgateway.conversations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomClient;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.model.IntercomAdminMessageRequest;
import dev.intercomgateway.intercom.model.IntercomAssignmentRequest;
import dev.intercomgateway.intercom.model.IntercomAuthor;
import dev.intercomgateway.intercom.model.IntercomConversation;
import dev.intercomgateway.intercom.model.IntercomConversationList;
import dev.intercomgateway.intercom.model.IntercomMessage;
import dev.intercomgateway.intercom.model.IntercomPages;
import dev.intercomgateway.intercom.model.IntercomParticipant;
import dev.intercomgateway.intercom.model.IntercomReplyRequest;
import dev.intercomgateway.intercom.model.IntercomUserConversationRequest;
import dev.intercomgateway.web.CursorPage;

import org.springframework.stereotype.Service;

@Service
public class ConversationService {

    static final String OPENING_PART_TYPE = "opening_message";
    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);

    private final IntercomClient intercom;

    public ConversationService(IntercomClient intercom) {
        this.intercom = intercom;
    }

    public CursorPage<ConversationSummary> list(int limit, String cursor) {
        IntercomConversationList page = intercom.listConversations(limit, cursor);
        return new CursorPage<>(page.conversationsOrEmpty().stream().map(ConversationService::toSummary).toList(),
                IntercomPages.nextCursor(page.pages()));
    }

    public Conversation get(String id) {
        return toConversation(intercom.getConversation(id));
    }

    /**
     * A user-started conversation is one Intercom call. An admin's is a message, then (if asked) an
     * assignment; the message is not undone when the assignment fails, so the failure is reported
     * in the answer instead of as an error the caller might retry.
     */
    public ConversationStarted start(StartConversationRequest request) {
        if (!request.isFromAdmin()) {
            IntercomMessage message = intercom.startConversationAsContact(new IntercomUserConversationRequest(
                    new IntercomParticipant("user", request.from().id()), request.body()));
            return new ConversationStarted(requireConversationId(message), message.id(), null, null);
        }
        IntercomMessage message = intercom.sendAdminMessage(new IntercomAdminMessageRequest(request.messageType(),
                request.subject(), request.body(), new IntercomParticipant("admin", request.from().id()),
                new IntercomParticipant("user", request.to().id()), true));
        String conversationId = requireConversationId(message);
        if (request.assignee() == null) {
            return new ConversationStarted(conversationId, message.id(), null, null);
        }
        try {
            intercom.assign(conversationId, IntercomAssignmentRequest.assign(request.from().id(), request.assignee().id()));
            return new ConversationStarted(conversationId, message.id(), request.assignee().id(), null);
        } catch (IntercomException e) {
            log.warn("Conversation {} was created but could not be assigned: {}", conversationId, e.getMessage());
            return new ConversationStarted(conversationId, message.id(), null, e.getMessage());
        }
    }

    public Conversation reply(String id, ReplyRequest request) {
        IntercomReplyRequest reply = request.from().isAdmin()
                ? IntercomReplyRequest.fromAdmin(request.from().id(), request.messageTypeOrDefault(), request.body())
                : IntercomReplyRequest.fromUser(request.from().id(), request.body());
        return toConversation(intercom.reply(id, reply));
    }

    private static String requireConversationId(IntercomMessage message) {
        if (message.conversationId() == null) {
            throw new IntercomBadResponseException(200, "Intercom created message " + message.id() + " without a conversation", null, null);
        }
        return message.conversationId();
    }

    static ConversationSummary toSummary(IntercomConversation c) {
        return new ConversationSummary(c.id(), c.title(), c.state(), Boolean.TRUE.equals(c.open()), instant(c.createdAt()),
                instant(c.updatedAt()), c.adminAssigneeId(), contactIds(c));
    }

    static Conversation toConversation(IntercomConversation c) {
        List<ConversationPart> parts = new ArrayList<>();
        if (c.source() != null) {
            parts.add(new ConversationPart(c.source().id(), OPENING_PART_TYPE, author(c.source().author()), c.source().body(),
                    instant(c.createdAt())));
        }
        if (c.conversationParts() != null && c.conversationParts().conversationParts() != null) {
            c.conversationParts().conversationParts().stream()
                    .sorted(Comparator.comparing(part -> part.createdAt() == null ? 0L : part.createdAt()))
                    .map(part -> new ConversationPart(part.id(), part.partType(), author(part.author()), part.body(), instant(part.createdAt())))
                    .forEach(parts::add);
        }
        return new Conversation(c.id(), c.title(), c.state(), Boolean.TRUE.equals(c.open()), instant(c.createdAt()),
                instant(c.updatedAt()), c.adminAssigneeId(), contactIds(c), parts);
    }

    private static List<String> contactIds(IntercomConversation c) {
        if (c.contacts() == null || c.contacts().contacts() == null) {
            return List.of();
        }
        return c.contacts().contacts().stream().map(IntercomConversation.ContactReference::id).toList();
    }

    private static ConversationPart.Author author(IntercomAuthor author) {
        return author == null ? null : new ConversationPart.Author(author.type(), author.id(), author.name());
    }

    private static Instant instant(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
    }
}
