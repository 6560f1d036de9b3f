package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomContactDeleted(String type, String id, String externalId, Boolean deleted) {
}
