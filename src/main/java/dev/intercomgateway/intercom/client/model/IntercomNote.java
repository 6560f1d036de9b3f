package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A note on a contact, as Intercom answers it, its list, and the body that adds one. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomNote(String type, String id, Long createdAt, String body, IntercomAdmin author) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NoteList(String type, List<IntercomNote> data, Integer totalCount, IntercomPages pages) {

        public List<IntercomNote> dataOrEmpty() {
            return data == null ? List.of() : data;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Create(String body, String adminId) {
    }
}
