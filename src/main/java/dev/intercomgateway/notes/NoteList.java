package dev.intercomgateway.notes;

import java.util.List;

public record NoteList(List<Note> data) {
}
