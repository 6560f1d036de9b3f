package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Intercom's {@code error.list} body. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomErrorList(String type, String requestId, List<Error> errors) {

    public Error first() {
        return errors == null || errors.isEmpty() ? null : errors.getFirst();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(String code, String message, String field) {
    }
}
