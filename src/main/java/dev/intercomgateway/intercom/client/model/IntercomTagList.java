package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Answer of {@code GET /tags}: {@code {"type":"list","data":[tag]}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomTagList(String type, List<IntercomTag> data) {

    public List<IntercomTag> dataOrEmpty() {
        return data == null ? List.of() : data;
    }
}
