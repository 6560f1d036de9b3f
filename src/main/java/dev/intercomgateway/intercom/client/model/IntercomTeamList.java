package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Answer of {@code GET /teams}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntercomTeamList(String type, List<Team> teams) {

    public List<Team> teamsOrEmpty() {
        return teams == null ? List.of() : teams;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Team(String type, String id, String name, List<Long> adminIds) {
    }
}
