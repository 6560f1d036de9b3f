package dev.intercomgateway.conversations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.AdminMessage;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.ConversationQuery;
import dev.intercomgateway.intercom.workspace.ConversationThread;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.intercom.workspace.SentMessage;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.InvalidRequestException;

import org.springframework.stereotype.Service;

@Service
public class ConversationService {

    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);

    private final IntercomClient intercom;

    public ConversationService(IntercomClient intercom) {
        this.intercom = intercom;
    }

    public CursorPage<ConversationSummary> list(int limit, String cursor) {
        return find(new ConversationFilter(null, null, null, null, null, null, null), limit, cursor);
    }

    /** Conversations matching every filter given (a search in Intercom); none given: the plain list. */
    public CursorPage<ConversationSummary> find(ConversationFilter filter, int limit, String cursor) {
        return page(intercom.conversations(new ConversationQuery(filter.state(), filter.open(), filter.adminAssigneeId(), filter.teamAssigneeId(),
                filter.contactId(), filter.createdAfter(), filter.updatedAfter()), limit, cursor));
    }

    /** A user's conversations; a lead's id is a 404 here, as on the users endpoints. */
    public CursorPage<ConversationSummary> ofUser(String userId, int limit, String cursor) {
        ContactRole.USER.require(intercom.contact(userId));
        return page(intercom.conversations(ConversationQuery.ofContact(userId), limit, cursor));
    }

    private static CursorPage<ConversationSummary> page(Page<ConversationThread> page) {
        return new CursorPage<>(page.items().stream().map(ConversationMapper::summary).toList(), page.nextCursor());
    }

    public Conversation get(String id) {
        return ConversationMapper.conversation(intercom.conversation(id));
    }

    /**
     * A contact's conversation is one Intercom call. An admin's is a look-up of the recipient (Intercom
     * addresses a message to a {@code user} or a {@code lead}, and the two are not interchangeable),
     * the message, then (if asked) an assignment. Once the message is sent nothing is reported as an
     * error the caller might retry: a missing conversation id or a failed assignment is said in the answer.
     */
    public ConversationStarted start(StartConversationRequest request) {
        if (!request.isFromAdmin()) {
            return started(intercom.startAsContact(request.from().id(), request.body()), null, null, null);
        }
        Contact recipient = intercom.contact(request.to().id());
        String messageType = request.messageTypeOrInApp();
        boolean email = "email".equals(messageType);
        SentMessage message = intercom.send(new AdminMessage(request.from().id(), recipient, email, request.subject(), request.body(),
                request.templateOrDefault()));
        if (request.assignee() == null) {
            return started(message, messageType, null, null);
        }
        if (message.conversationId() == null) {
            return started(message, messageType, null, "Intercom did not say which conversation the message opened, so it was not assigned");
        }
        try {
            intercom.assign(message.conversationId(), request.from().id(), "admin", request.assignee().id(), null);
            return started(message, messageType, request.assignee().id(), null);
        } catch (IntercomException e) {
            log.warn("Conversation {} was created but could not be assigned: {}", message.conversationId(), e.getMessage());
            return started(message, messageType, null, e.getMessage());
        }
    }

    private static ConversationStarted started(SentMessage message, String messageType, String assigneeId, String assignmentError) {
        if (message.conversationId() == null) {
            log.warn("Intercom sent message {} without naming its conversation", message.id());
        }
        return new ConversationStarted(message.conversationId(), message.id(), messageType, message.conversationId() != null, assigneeId,
                assignmentError);
    }

    /**
     * One of an admin's actions (close, open, snooze, assign, unassign), each endpoint with its own
     * body. A team must exist: an unknown one is the caller's mistake, answered before anything is written.
     */
    public Conversation manage(String id, ManageRequest request) {
        return ConversationMapper.conversation(switch (request) {
            case CloseRequest close -> intercom.close(id, close.adminId(), close.body());
            case AdminActionRequest open -> intercom.open(id, open.adminId());
            case SnoozeRequest snooze -> intercom.snooze(id, snooze.adminId(), snooze.snoozedUntil());
            case AssignRequest assign -> {
                if ("team".equals(assign.assignee().type()) && intercom.teams().stream()
                        .noneMatch(team -> assign.assignee().id().equals(team.id()))) {
                    throw new InvalidRequestException("assignee.id", "no team " + assign.assignee().id() + " in this workspace");
                }
                yield intercom.assign(id, assign.adminId(), assign.assignee().type(), assign.assignee().id(), assign.body());
            }
            case UnassignRequest unassign -> intercom.unassign(id, unassign.adminId(), unassign.body());
        });
    }

    public Conversation reply(String id, ReplyRequest request) {
        return ConversationMapper.conversation(request.from().isAdmin()
                ? intercom.replyAsAdmin(id, request.from().id(), request.messageTypeOrDefault(), request.body())
                : intercom.replyAsContact(id, request.from().id(), request.body()));
    }
}
