package dev.intercomgateway.notes;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.ContactNote;
import dev.intercomgateway.intercom.workspace.ContactRole;

import org.springframework.stereotype.Service;

/** Notes on users; a lead's id is a 404 here, as on /api/v1/users. */
@Service
public class NoteService {

    private final IntercomClient intercom;

    public NoteService(IntercomClient intercom) {
        this.intercom = intercom;
    }

    /** The notes Intercom returns for the contact in one answer (its description gives this list no paging). */
    public NoteList list(String userId) {
        ContactRole.USER.require(intercom.contact(userId));
        return new NoteList(intercom.notes(userId).stream().map(NoteService::toNote).toList());
    }

    public Note add(String userId, AddNoteRequest request) {
        ContactRole.USER.require(intercom.contact(userId));
        return toNote(intercom.addNote(userId, request.body(), request.adminId()));
    }

    private static Note toNote(ContactNote note) {
        Note.Author author = note.author() == null ? null : new Note.Author(note.author().id(), note.author().name());
        return new Note(note.id(), note.body(), note.createdAt(), author);
    }
}
