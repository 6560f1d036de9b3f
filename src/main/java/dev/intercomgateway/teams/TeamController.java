package dev.intercomgateway.teams;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.web.AdminId;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/teams", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Teams", description = "The workspace's teams")
public class TeamController {

    private final IntercomClient intercom;

    public TeamController(IntercomClient intercom) {
        this.intercom = intercom;
    }

    @RequiresScope("admins:read")
    @GetMapping
    @Operation(operationId = "listTeams", summary = "List the workspace's teams", description = "Their ids are what a conversation takes to be assigned to a team.")
    public TeamList list() {
        return new TeamList(intercom.teams().stream().map(Team::of).toList());
    }

    @RequiresScope("admins:read")
    @GetMapping("/{team_id}")
    @Operation(operationId = "getTeam", summary = "Get one team", description = "An unknown team is a 404.")
    public Team get(@PathVariable("team_id") @AdminId(message = "must be an Intercom team id (digits)") String teamId) {
        return Team.of(intercom.team(teamId));
    }
}
