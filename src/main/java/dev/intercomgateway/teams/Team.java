package dev.intercomgateway.teams;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.intercomgateway.intercom.workspace.WorkspaceTeam;

/** A team of the workspace: conversations can be assigned to it. */
public record Team(@Schema(example = "5001") String id, @Schema(example = "Support") String name,
        @Schema(description = "Ids of the admins in the team") List<String> adminIds) {

    static Team of(WorkspaceTeam team) {
        return new Team(team.id(), team.name(), team.adminIds());
    }
}
