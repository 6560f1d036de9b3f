package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Intercom's {@code list} envelope for contacts (also the answer of a contact search). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomContactList(String type, List<IntercomContact> data, Integer totalCount, IntercomPages pages) {

    public List<IntercomContact> dataOrEmpty() {
        return data == null ? List.of() : data;
    }
}
