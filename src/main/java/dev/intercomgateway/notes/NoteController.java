package dev.intercomgateway.notes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import dev.intercomgateway.security.Audited;
import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.security.ActsAsAdmin;
import dev.intercomgateway.web.IntercomId;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Audited
@RequestMapping(path = "/api/v1/users/{id}/notes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Notes", description = "Admins' notes on users (scopes users:read, users:write)")
public class NoteController {

    private final NoteService notes;

    public NoteController(NoteService notes) {
        this.notes = notes;
    }

    @RequiresScope("users:read")
    @GetMapping
    @Operation(operationId = "listUserNotes", summary = "A user's notes, newest first", description = "As Intercom returns them in one answer.")
    public NoteList list(@PathVariable("id") @IntercomId String id) {
        return notes.list(id);
    }

    @RequiresScope("users:write")
    @ActsAsAdmin("#request.adminId()")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "addUserNote", summary = "Add a note to a user, as an admin")
    public ResponseEntity<Note> add(@PathVariable("id") @IntercomId String id, @Valid @RequestBody AddNoteRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(notes.add(id, request));
    }
}
