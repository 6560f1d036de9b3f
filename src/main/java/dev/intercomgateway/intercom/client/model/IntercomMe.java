package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Answer of {@code GET /me}: the admin behind the token and the workspace it belongs to. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomMe(String type, String id, String name, String email, App app) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record App(String type, String idCode, String name, String region) {
    }
}
