package dev.intercomgateway.tags;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.intercomgateway.security.Audited;
import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.security.ActsAsAdmin;
import dev.intercomgateway.web.AdminId;
import dev.intercomgateway.web.ConversationId;
import dev.intercomgateway.web.IntercomId;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Audited
@Tag(name = "Tags", description = "Tags of users and conversations (scopes tags:read, tags:write)")
public class TagController {

    private final TagService tags;

    public TagController(TagService tags) {
        this.tags = tags;
    }

    @RequiresScope("tags:read")
    @GetMapping(path = "/api/v1/tags", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listTags", summary = "List the workspace's tags")
    public TagList list() {
        return tags.list();
    }

    @RequiresScope("tags:write")
    @PostMapping(path = "/api/v1/users/{id}/tags", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "tagUser", summary = "Tag a user, by tag name (created the first time)")
    public dev.intercomgateway.tags.Tag tagUser(@PathVariable("id") @IntercomId String id,
            @Valid @RequestBody TagRequest request) {
        return tags.tagUser(id, request);
    }

    @RequiresScope("tags:write")
    @DeleteMapping(path = "/api/v1/users/{id}/tags/{tag_id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "untagUser", summary = "Remove a tag from a user")
    public dev.intercomgateway.tags.Tag untagUser(@PathVariable("id") @IntercomId String id,
            @PathVariable("tag_id") @IntercomId String tagId) {
        return tags.untagUser(id, tagId);
    }

    @RequiresScope("tags:write")
    @ActsAsAdmin("#request.adminId()")
    @PostMapping(path = "/api/v1/conversations/{id}/tags", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "tagConversation", summary = "Tag a conversation as an admin, by tag name (created the first time)")
    public dev.intercomgateway.tags.Tag tagConversation(
            @PathVariable("id") @ConversationId String id,
            @Valid @RequestBody TagRequest request) {
        return tags.tagConversation(id, request);
    }

    @RequiresScope("tags:write")
    @ActsAsAdmin("#adminId")
    @DeleteMapping(path = "/api/v1/conversations/{id}/tags/{tag_id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "untagConversation", summary = "Remove a tag from a conversation, as an admin")
    public dev.intercomgateway.tags.Tag untagConversation(
            @PathVariable("id") @ConversationId String id,
            @PathVariable("tag_id") @IntercomId String tagId,
            @RequestParam("admin_id") @NotNull @AdminId String adminId) {
        return tags.untagConversation(id, tagId, adminId);
    }
}
