package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomAdminList(String type, List<IntercomAdmin> admins) {

    public List<IntercomAdmin> adminsOrEmpty() {
        return admins == null ? List.of() : admins;
    }
}
