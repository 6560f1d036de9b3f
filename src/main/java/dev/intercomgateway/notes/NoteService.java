package dev.intercomgateway.notes;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.client.model.IntercomNote;
import dev.intercomgateway.web.TimeValues;

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
        requireUser(userId);
        return new NoteList(intercom.listNotes(userId).dataOrEmpty().stream().map(NoteService::toNote).toList());
    }

    public Note add(String userId, AddNoteRequest request) {
        requireUser(userId);
        return toNote(intercom.addNote(userId, request.body(), request.adminId()));
    }

    private void requireUser(String id) {
        intercom.getContact(id).requireUser();
    }

    private static Note toNote(IntercomNote note) {
        Note.Author author = note.author() == null ? null : new Note.Author(note.author().id(), note.author().name());
        return new Note(note.id(), note.body(), TimeValues.fromIntercom(note.createdAt()), author);
    }
}
