package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.security.Audited;
import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.IntercomId;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A user's conversations: a conversations resource reached from the user. */
@RestController
@Audited
@Tag(name = "Conversations")
public class UserConversationsController {

    private final ConversationService conversations;

    public UserConversationsController(ConversationService conversations) {
        this.conversations = conversations;
    }

    @RequiresScope("conversations:read")
    @GetMapping(path = "/api/v1/users/{id}/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listUserConversations", summary = "A user's conversations", description = "A lead's id is a 404, as on /api/v1/users.")
    public CursorPage<ConversationSummary> ofUser(@PathVariable("id") @IntercomId String id,
            @Parameter(description = "Page size, 1 to 150") @RequestParam(name = "limit", defaultValue = "20") @Min(1) @Max(ApiConstraints.MAX_PAGE_SIZE) int limit,
            @Parameter(description = "next_cursor of the previous page") @RequestParam(name = "cursor", required = false) @Pattern(regexp = ApiConstraints.CURSOR_REGEX) String cursor) {
        return conversations.ofUser(id, limit, cursor);
    }
}
