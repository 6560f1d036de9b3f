package dev.intercomgateway.intercom.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomAuthor(String type, String id, String name, String email) {
}
