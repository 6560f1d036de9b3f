package dev.intercomgateway.conversations;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.security.Audited;
import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.security.ActsAsAdmin;
import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.TimeValues;
import dev.intercomgateway.web.AdminId;
import dev.intercomgateway.web.ConversationId;
import dev.intercomgateway.web.IntercomId;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@Audited
@RequestMapping(path = "/api/v1/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Conversations", description = "Intercom conversations and their threads")
public class ConversationController {

    private final ConversationService conversations;

    public ConversationController(ConversationService conversations) {
        this.conversations = conversations;
    }

    @RequiresScope("conversations:read")
    @GetMapping
    @Operation(operationId = "listConversations", summary = "List or find conversations",
            description = "Without filters: in Intercom's order (the sandbox: newest first). With filters (all must match): Intercom's "
                    + "conversation search. Pages with a cursor: pass next_cursor back as cursor, with the same filters.")
    public CursorPage<ConversationSummary> list(
            @Parameter(description = "Page size, 1 to 150") @RequestParam(name = "limit", defaultValue = "20") @Min(1) @Max(ApiConstraints.MAX_PAGE_SIZE) int limit,
            @Parameter(description = "next_cursor of the previous page") @RequestParam(name = "cursor", required = false) @Pattern(regexp = ApiConstraints.CURSOR_REGEX) String cursor,
            @Parameter(description = "open, closed or snoozed") @RequestParam(name = "state", required = false)
            @Pattern(regexp = "open|closed|snoozed", message = "must be open, closed or snoozed") String state,
            @Parameter(description = "true: open or snoozed; false: closed") @RequestParam(name = "open", required = false) Boolean open,
            @Parameter(description = "Assigned to this admin") @RequestParam(name = "admin_assignee_id", required = false)
            @AdminId String adminAssigneeId,
            @Parameter(description = "Assigned to this team") @RequestParam(name = "team_assignee_id", required = false)
            @AdminId(message = "must be an Intercom team id (digits)") String teamAssigneeId,
            @Parameter(description = "With this contact (user or lead)") @RequestParam(name = "contact_id", required = false)
            @IntercomId String contactId,
            @Parameter(description = "Created after this time: " + TimeValues.DESCRIPTION) @RequestParam(name = "created_after", required = false) Instant createdAfter,
            @Parameter(description = "Updated after this time: " + TimeValues.DESCRIPTION) @RequestParam(name = "updated_after", required = false) Instant updatedAfter) {
        return conversations.find(new ConversationFilter(state, open, adminAssigneeId, teamAssigneeId, contactId, createdAfter, updatedAfter),
                limit, cursor);
    }

    @RequiresScope("conversations:read")
    @GetMapping("/{id}")
    @Operation(operationId = "getConversation", summary = "Get a conversation with its thread", description = "parts are oldest first; the opening message is the first part.")
    public Conversation get(@PathVariable("id") @ConversationId String id) {
        return conversations.get(id);
    }

    @RequiresScope("conversations:write")
    @ActsAsAdmin("#request.isFromAdmin() ? #request.from().id() : null")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "startConversation", summary = "Start a conversation as a user, or send an admin message (optionally assigned)")
    public ResponseEntity<ConversationStarted> start(@Valid @RequestBody StartConversationRequest request) {
        ConversationStarted started = conversations.start(request);
        if (started.id() == null) {
            return ResponseEntity.status(HttpStatus.CREATED).body(started);
        }
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/api/v1/conversations/{id}").buildAndExpand(started.id()).encode().toUri())
                .body(started);
    }

    @RequiresScope("conversations:manage")
    @ActsAsAdmin("#request.adminId()")
    @PostMapping(path = "/{id}/close", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "closeConversation", summary = "Close a conversation as an admin, optionally with a closing note")
    public Conversation close(@PathVariable("id") @ConversationId String id,
            @Valid @RequestBody CloseRequest request) {
        return conversations.manage(id, request);
    }

    @RequiresScope("conversations:manage")
    @ActsAsAdmin("#request.adminId()")
    @PostMapping(path = "/{id}/open", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "openConversation", summary = "Reopen a closed or snoozed conversation as an admin")
    public Conversation open(@PathVariable("id") @ConversationId String id,
            @Valid @RequestBody AdminActionRequest request) {
        return conversations.manage(id, request);
    }

    @RequiresScope("conversations:manage")
    @ActsAsAdmin("#request.adminId()")
    @PostMapping(path = "/{id}/snooze", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "snoozeConversation", summary = "Snooze a conversation until a time in the future")
    public Conversation snooze(@PathVariable("id") @ConversationId String id,
            @Valid @RequestBody SnoozeRequest request) {
        return conversations.manage(id, request);
    }

    @RequiresScope("conversations:manage")
    @ActsAsAdmin("#request.adminId()")
    @PostMapping(path = "/{id}/assign", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "assignConversation", summary = "Assign a conversation to an admin or a team", description = "An unknown team is a 400.")
    public Conversation assign(@PathVariable("id") @ConversationId String id,
            @Valid @RequestBody AssignRequest request) {
        return conversations.manage(id, request);
    }

    @RequiresScope("conversations:manage")
    @ActsAsAdmin("#request.adminId()")
    @PostMapping(path = "/{id}/unassign", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "unassignConversation", summary = "Unassign a conversation (no admin, no team), optionally with a note")
    public Conversation unassign(@PathVariable("id") @ConversationId String id,
            @Valid @RequestBody UnassignRequest request) {
        return conversations.manage(id, request);
    }

    @RequiresScope("conversations:write")
    @ActsAsAdmin("#request.from().isAdmin() ? #request.from().id() : null")
    @PostMapping(path = "/{id}/replies", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "replyToConversation", summary = "Reply to a conversation as an admin (comment or note) or as a user (comment)")
    public Conversation reply(@PathVariable("id") @ConversationId String id, @Valid @RequestBody ReplyRequest request) {
        return conversations.reply(id, request);
    }
}
