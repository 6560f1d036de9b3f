package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomAdmin(String type, String id, String name, String email, String jobTitle, Boolean awayModeEnabled, Boolean hasInboxSeat) {
}
