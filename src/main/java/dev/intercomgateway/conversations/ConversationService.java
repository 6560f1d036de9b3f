package dev.intercomgateway.conversations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.client.model.IntercomAdminMessageRequest;
import dev.intercomgateway.intercom.client.model.IntercomManageRequest;
import dev.intercomgateway.intercom.client.model.IntercomAuthor;
import dev.intercomgateway.intercom.client.model.IntercomContact;
import dev.intercomgateway.intercom.client.model.IntercomConversation;
import dev.intercomgateway.intercom.client.model.IntercomConversationList;
import dev.intercomgateway.intercom.client.model.IntercomMessage;
import dev.intercomgateway.intercom.client.model.IntercomPages;
import dev.intercomgateway.intercom.client.model.IntercomParticipant;
import dev.intercomgateway.intercom.client.model.IntercomReplyRequest;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Query;
import dev.intercomgateway.intercom.client.model.IntercomUserConversationRequest;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.InvalidRequestException;
import dev.intercomgateway.web.TimeValues;

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
        return page(intercom.listConversations(limit, cursor));
    }

    /** Conversations matching every filter given (a search in Intercom); none given: the plain list. */
    public CursorPage<ConversationSummary> find(ConversationFilter filter, int limit, String cursor) {
        List<Query> queries = new ArrayList<>();
        if (filter.state() != null) {
            queries.add(Query.equalTo("state", filter.state()));
        }
        if (filter.open() != null) {
            queries.add(Query.equalTo("open", filter.open()));
        }
        if (filter.adminAssigneeId() != null) {
            queries.add(Query.equalTo("admin_assignee_id", filter.adminAssigneeId()));
        }
        if (filter.teamAssigneeId() != null) {
            queries.add(Query.equalTo("team_assignee_id", filter.teamAssigneeId()));
        }
        if (filter.contactId() != null) {
            queries.add(Query.equalTo("contact_ids", filter.contactId()));
        }
        if (filter.createdAfter() != null) {
            queries.add(Query.after("created_at", filter.createdAfter().getEpochSecond()));
        }
        if (filter.updatedAfter() != null) {
            queries.add(Query.after("updated_at", filter.updatedAfter().getEpochSecond()));
        }
        return queries.isEmpty() ? list(limit, cursor) : page(intercom.searchConversations(queries, limit, cursor));
    }

    /** A user's conversations; a lead's id is a 404 here, as on the users endpoints. */
    public CursorPage<ConversationSummary> ofUser(String userId, int limit, String cursor) {
        intercom.getContact(userId).requireUser();
        return page(intercom.searchConversations(List.of(Query.equalTo("contact_ids", userId)), limit, cursor));
    }

    private static CursorPage<ConversationSummary> page(IntercomConversationList page) {
        return new CursorPage<>(page.conversationsOrEmpty().stream().map(ConversationService::toSummary).toList(),
                IntercomPages.nextCursor(page.pages()));
    }

    public Conversation get(String id) {
        return toConversation(intercom.getConversation(id));
    }

    /**
     * A contact's conversation is one Intercom call. An admin's is a look-up of the recipient (Intercom
     * addresses a message to a {@code user} or a {@code lead}, and the two are not interchangeable),
     * the message, then (if asked) an assignment. Once the message is sent nothing is reported as an
     * error the caller might retry: a missing conversation id or a failed assignment is said in the answer.
     */
    public ConversationStarted start(StartConversationRequest request) {
        if (!request.isFromAdmin()) {
            IntercomMessage message = intercom.startConversationAsContact(new IntercomUserConversationRequest(
                    IntercomParticipant.contact(request.from().id()), request.body()));
            return started(message, null, null, null);
        }
        IntercomContact recipient = intercom.getContact(request.to().id());
        String messageType = request.messageTypeOrInApp();
        boolean email = "email".equals(messageType);
        IntercomMessage message = intercom.sendAdminMessage(new IntercomAdminMessageRequest(
                email ? IntercomAdminMessageRequest.EMAIL : IntercomAdminMessageRequest.IN_APP,
                email ? request.subject() : null, request.body(), email ? request.templateOrDefault() : null,
                IntercomAdminMessageRequest.Sender.admin(Long.parseLong(request.from().id())),
                new IntercomParticipant(recipientType(recipient), recipient.id()), true));
        if (request.assignee() == null) {
            return started(message, messageType, null, null);
        }
        if (message.conversationId() == null) {
            return started(message, messageType, null, "Intercom did not say which conversation the message opened, so it was not assigned");
        }
        try {
            intercom.manage(message.conversationId(), IntercomManageRequest.assign(request.from().id(), request.assignee().id()));
            return started(message, messageType, request.assignee().id(), null);
        } catch (IntercomException e) {
            log.warn("Conversation {} was created but could not be assigned: {}", message.conversationId(), e.getMessage());
            return started(message, messageType, null, e.getMessage());
        }
    }

    private static ConversationStarted started(IntercomMessage message, String messageType, String assigneeId, String assignmentError) {
        if (message.conversationId() == null) {
            log.warn("Intercom sent message {} without naming its conversation", message.id());
        }
        return new ConversationStarted(message.conversationId(), message.id(), messageType, message.conversationId() != null, assigneeId,
                assignmentError);
    }

    /** Intercom's recipient types are the contact roles; anything else is addressed as a user, Intercom's default role. */
    private static String recipientType(IntercomContact contact) {
        return "lead".equals(contact.role()) ? "lead" : "user";
    }

    /**
     * One of an admin's actions, as Intercom's manage request. A team must exist: an unknown one is
     * the caller's mistake, answered before anything is written. Intercom unassigns by assigning to
     * 0: nobody, and no team.
     */
    public Conversation manage(String id, ManageRequest request) {
        IntercomManageRequest manage = switch (request) {
            case CloseRequest close -> IntercomManageRequest.close(close.adminId(), close.body());
            case AdminActionRequest open -> IntercomManageRequest.open(open.adminId());
            case SnoozeRequest snooze -> IntercomManageRequest.snooze(snooze.adminId(), snooze.snoozedUntil().getEpochSecond());
            case AssignRequest assign -> {
                if ("team".equals(assign.assignee().type()) && intercom.listTeams().teamsOrEmpty().stream()
                        .noneMatch(team -> assign.assignee().id().equals(team.id()))) {
                    throw new InvalidRequestException("assignee.id", "no team " + assign.assignee().id() + " in this workspace");
                }
                yield IntercomManageRequest.assign(assign.adminId(), assign.assignee().type(), assign.assignee().id(), assign.body());
            }
            case UnassignRequest unassign -> IntercomManageRequest.assign(unassign.adminId(), "admin", IntercomManageRequest.NOBODY,
                    unassign.body());
        };
        return toConversation(intercom.manage(id, manage));
    }

    public Conversation reply(String id, ReplyRequest request) {
        IntercomReplyRequest reply = request.from().isAdmin()
                ? IntercomReplyRequest.fromAdmin(request.from().id(), request.messageTypeOrDefault(), request.body())
                : IntercomReplyRequest.fromUser(request.from().id(), request.body());
        return toConversation(intercom.reply(id, reply));
    }

    static ConversationSummary toSummary(IntercomConversation c) {
        return new ConversationSummary(c.id(), c.title(), c.state(), Boolean.TRUE.equals(c.open()), TimeValues.fromIntercom(c.createdAt()),
                TimeValues.fromIntercom(c.updatedAt()), c.assignedAdminId(), c.assignedTeamId(), TimeValues.fromIntercom(c.snoozedUntil()), contactIds(c));
    }

    static Conversation toConversation(IntercomConversation c) {
        List<ConversationPart> parts = new ArrayList<>();
        int returnedParts = 0;
        int totalParts = 0;
        if (c.source() != null) {
            parts.add(new ConversationPart(c.source().id(), OPENING_PART_TYPE, author(c.source().author()), c.source().body(),
                    TimeValues.fromIntercom(c.createdAt())));
        }
        if (c.conversationParts() != null && c.conversationParts().conversationParts() != null) {
            returnedParts = c.conversationParts().conversationParts().size();
            totalParts = c.conversationParts().totalCount() == null ? returnedParts : Math.max(returnedParts, c.conversationParts().totalCount());
            c.conversationParts().conversationParts().stream()
                    .sorted(Comparator.comparing(part -> part.createdAt() == null ? 0L : part.createdAt()))
                    .map(part -> new ConversationPart(part.id(), part.partType(), author(part.author()), part.body(), TimeValues.fromIntercom(part.createdAt())))
                    .forEach(parts::add);
        }
        return new Conversation(c.id(), c.title(), c.state(), Boolean.TRUE.equals(c.open()), TimeValues.fromIntercom(c.createdAt()),
                TimeValues.fromIntercom(c.updatedAt()), c.assignedAdminId(), c.assignedTeamId(), TimeValues.fromIntercom(c.snoozedUntil()), contactIds(c), c.tagNames(), parts,
                totalParts + (c.source() != null ? 1 : 0),
                totalParts > returnedParts);
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
}
