package dev.intercomgateway.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Notes on contacts, numbered apart from the sequence that numbers everything else (the README's ids stay put). */
final class SandboxNotes {

    private final SandboxSequence sequence;
    private final SandboxContacts contacts;
    private final SandboxAdmins admins;
    private final Map<String, List<ObjectNode>> notes = new LinkedHashMap<>();
    private final AtomicLong noteSequence = new AtomicLong(3001);

    SandboxNotes(SandboxSequence sequence, SandboxContacts contacts, SandboxAdmins admins) {
        this.sequence = sequence;
        this.contacts = contacts;
        this.admins = admins;
    }

    /** A contact's notes, newest first, in one answer. */
    ObjectNode listNotes(String contactId) {
        contacts.require(contactId);
        List<ObjectNode> newestFirst = new ArrayList<>(notes.getOrDefault(contactId, List.of())).reversed();
        return SandboxPages.page("list", "data", newestFirst, note -> note.get("id").asString(), ObjectNode::deepCopy, Math.max(1, newestFirst.size()), null);
    }

    /** {@code POST /contacts/{id}/notes}: the author is the admin given, else the workspace's first admin. */
    ObjectNode addNote(String contactId, JsonNode request) {
        contacts.require(contactId);
        String body = SandboxJson.requiredText(request, "body");
        String adminId = SandboxJson.text(request, "admin_id");
        ObjectNode author = adminId == null ? admins.first() : admins.require(adminId, "admin_id");
        ObjectNode note = SandboxJson.object().put("type", "note").put("id", String.valueOf(noteSequence.getAndIncrement()))
                .put("created_at", sequence.now());
        note.putObject("contact").put("type", "contact").put("id", contactId);
        note.set("author", author.deepCopy());
        note.put("body", body);
        notes.computeIfAbsent(contactId, id -> new ArrayList<>()).add(note);
        return note.deepCopy();
    }
}
