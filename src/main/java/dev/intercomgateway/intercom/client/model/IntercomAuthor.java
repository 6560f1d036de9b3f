package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomAuthor(String type, String id, String name, String email) {
}
