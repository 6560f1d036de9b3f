package dev.intercomgateway.teams;

import java.util.List;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.client.model.IntercomTeamList;

import org.springframework.stereotype.Service;

/** The workspace's teams, mapped from Intercom's wire format to the internal API's. */
@Service
public class TeamService {

    private final IntercomClient intercom;

    public TeamService(IntercomClient intercom) {
        this.intercom = intercom;
    }

    public TeamList list() {
        return new TeamList(intercom.listTeams().teamsOrEmpty().stream().map(TeamService::toTeam).toList());
    }

    private static Team toTeam(IntercomTeamList.Team team) {
        List<String> admins = team.adminIds() == null ? List.of() : team.adminIds().stream().map(String::valueOf).toList();
        return new Team(team.id(), team.name(), admins);
    }
}
