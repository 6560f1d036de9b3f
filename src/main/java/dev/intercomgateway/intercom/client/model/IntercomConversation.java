package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A conversation as Intercom returns it: {@code source} is the opening message, the parts follow it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomConversation(
        String type,
        String id,
        String title,
        Long createdAt,
        Long updatedAt,
        Boolean open,
        String state,
        Boolean read,
        Long adminAssigneeId,
        Long teamAssigneeId,
        Long snoozedUntil,
        Tags tags,
        Source source,
        Contacts contacts,
        Parts conversationParts) {

    /** Intercom says 0 for "no admin assigned". */
    public String assignedAdminId() {
        return adminAssigneeId == null || adminAssigneeId == 0 ? null : String.valueOf(adminAssigneeId);
    }

    /** Intercom says 0 for "no team assigned". */
    public String assignedTeamId() {
        return teamAssigneeId == null || teamAssigneeId == 0 ? null : String.valueOf(teamAssigneeId);
    }

    /** The conversation's tags ({@code tag.list}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tags(String type, List<IntercomTag> tags) {
    }

    public List<String> tagNames() {
        return tags == null || tags.tags() == null ? List.of() : tags.tags().stream().map(IntercomTag::name).toList();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(String type, String id, String deliveredAs, String subject, String body, IntercomAuthor author) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contacts(String type, List<ContactReference> contacts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContactReference(String type, String id, String externalId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parts(String type, List<Part> conversationParts, Integer totalCount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Part(String type, String id, String partType, String body, Long createdAt, Long updatedAt, IntercomAuthor author) {
    }
}
