package dev.intercomgateway.teams;

import dev.intercomgateway.intercom.client.IntercomWorkspace;

import org.springframework.stereotype.Service;

/** The workspace's teams, mapped from Intercom's wire format to the internal API's. */
@Service
public class TeamService {

    private final IntercomWorkspace intercom;

    public TeamService(IntercomWorkspace intercom) {
        this.intercom = intercom;
    }

    public TeamList list() {
        return new TeamList(intercom.teams().stream().map(team -> new Team(team.id(), team.name(), team.adminIds())).toList());
    }
}
