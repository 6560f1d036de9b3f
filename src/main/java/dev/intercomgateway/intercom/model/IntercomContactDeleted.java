package dev.intercomgateway.intercom.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomContactDeleted(String type, String id, String externalId, Boolean deleted) {
}
