package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Intercom's {@code conversation.list}: note the key is {@code conversations}, not {@code data}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomConversationList(String type, List<IntercomConversation> conversations, Integer totalCount, IntercomPages pages) {

    public List<IntercomConversation> conversationsOrEmpty() {
        return conversations == null ? List.of() : conversations;
    }
}
