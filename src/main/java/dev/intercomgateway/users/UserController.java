package dev.intercomgateway.users;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.security.Audited;
import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.IntercomId;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@Audited
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Users", description = "Intercom contacts with role user")
public class UserController {

    static final String NDJSON = "application/x-ndjson";

    private final UserService users;

    public UserController(UserService users) {
        this.users = users;
    }

    @RequiresScope("users:read")
    @GetMapping
    @Operation(operationId = "listUsers", summary = "List users, optionally filtered by email or external id", description = "Pages with a cursor: pass next_cursor back as cursor.")
    public CursorPage<User> list(
            @RequestParam(name = "email", required = false) @Email @CodePoints(min = 3, max = ApiConstraints.MAX_TEXT_LENGTH) String email,
            @RequestParam(name = "external_id", required = false) @CodePoints(min = 1, max = ApiConstraints.MAX_TEXT_LENGTH) String externalId,
            @Parameter(description = "Page size, 1 to 150") @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(ApiConstraints.MAX_PAGE_SIZE) int limit,
            @Parameter(description = "next_cursor of the previous page") @RequestParam(name = "cursor", required = false) @Pattern(regexp = ApiConstraints.CURSOR_REGEX) String cursor) {
        return users.list(email, externalId, limit, cursor);
    }

    @RequiresScope("users:read")
    @GetMapping(path = "/export", produces = UserController.NDJSON)
    @Operation(operationId = "exportUsers", summary = "Every user, streamed as NDJSON",
            description = "One user a line, as on GET /users/{id}; after each page a line {\"next_cursor\":\"...\"}: to resume, "
                    + "pass the last one seen as cursor. The last line of a complete export is {\"next_cursor\":null,\"complete\":true,\"count\":N} "
                    + "(N users in this answer); an answer without it was cut off. Walks Intercom's pages within the rate budget, in constant memory.")
    public ResponseEntity<StreamingResponseBody> export(
            @Parameter(description = "A next_cursor the export reported, to resume from") @RequestParam(name = "cursor", required = false)
            @Pattern(regexp = ApiConstraints.CURSOR_REGEX) String cursor,
            @Parameter(description = "Users per page of Intercom's, and so between checkpoints: 1 to 150") @RequestParam(name = "page_size",
                    defaultValue = "150") @Min(1) @Max(ApiConstraints.MAX_PAGE_SIZE) int pageSize) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(users.export(cursor, pageSize));
    }

    @RequiresScope("users:read")
    @GetMapping("/{id}")
    @Operation(operationId = "getUser", summary = "Get a user by Intercom id")
    public User get(@PathVariable("id") @IntercomId String id) {
        return users.get(id);
    }

    @RequiresScope("users:write")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createUser", summary = "Create a user", description = "email or external_id is required; a user with the same email or external_id already in Intercom is a 409.")
    public ResponseEntity<User> create(@Valid @RequestBody CreateUserRequest request) {
        User created = users.create(request);
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/api/v1/users/{id}").buildAndExpand(created.id()).encode().toUri())
                .body(created);
    }

    @RequiresScope("users:write")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "updateUser", summary = "Update some fields of a user", description = "Absent or null fields are left unchanged; custom_attributes are merged.")
    public User update(@PathVariable("id") @IntercomId String id, @Valid @RequestBody UpdateUserRequest request) {
        return users.update(id, request);
    }

    @RequiresScope("users:write")
    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteUser", summary = "Delete a user")
    public ResponseEntity<Void> delete(@PathVariable("id") @IntercomId String id) {
        users.delete(id);
        return ResponseEntity.noContent().build();
    }
}
