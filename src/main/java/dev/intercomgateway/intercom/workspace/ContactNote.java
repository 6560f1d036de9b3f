package dev.intercomgateway.intercom.workspace;

import java.time.Instant;

/** A note on a contact; {@code author} is null when Intercom names none. */
public record ContactNote(String id, String body, Instant createdAt, Author author) {

    /** The admin who wrote it. */
    public record Author(String id, String name) {
    }
}
