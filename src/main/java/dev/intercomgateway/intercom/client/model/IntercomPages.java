package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Intercom's cursor pagination block; no {@code next} means the last page. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntercomPages(String type, Integer page, Integer perPage, Integer totalPages, Next next) {

    public static String nextCursor(IntercomPages pages) {
        return pages == null || pages.next() == null ? null : pages.next().startingAfter();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Next(Integer page, String startingAfter) {
    }
}
