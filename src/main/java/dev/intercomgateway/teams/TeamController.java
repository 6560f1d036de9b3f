package dev.intercomgateway.teams;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.intercomgateway.security.RequiresScope;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/teams", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Teams", description = "The workspace's teams")
public class TeamController {

    private final TeamService teams;

    public TeamController(TeamService teams) {
        this.teams = teams;
    }

    @RequiresScope("admins:read")
    @GetMapping
    @Operation(operationId = "listTeams", summary = "List the workspace's teams", description = "Their ids are what a conversation takes to be assigned to a team.")
    public TeamList list() {
        return teams.list();
    }
}
