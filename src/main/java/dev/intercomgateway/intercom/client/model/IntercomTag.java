package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A tag, as Intercom answers it, and the bodies that apply or remove one. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomTag(String type, String id, String name) {

    /** {@code POST /tags}: creates the tag, or finds it by name. */
    public record ByName(String name) {
    }

    /** {@code POST /contacts/{id}/tags} ({@code admin_id} absent) and {@code POST /conversations/{id}/tags}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Apply(String id, String adminId) {
    }

    /** {@code DELETE /conversations/{id}/tags/{tag_id}}: who removes it. */
    public record RemovedBy(String adminId) {
    }
}
