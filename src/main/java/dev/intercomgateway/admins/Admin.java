package dev.intercomgateway.admins;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.intercomgateway.intercom.workspace.WorkspaceAdmin;

/** A teammate of the workspace; its id is what {@code from} and {@code assignee} take. */
public record Admin(
        @Schema(example = "990001") String id,
        @Schema(example = "Ada Support") String name,
        @Schema(example = "ada@example.com") String email,
        @Schema(nullable = true) String jobTitle,
        boolean awayModeEnabled,
        boolean hasInboxSeat) {

    static Admin of(WorkspaceAdmin admin) {
        return new Admin(admin.id(), admin.name(), admin.email(), admin.jobTitle(), admin.awayModeEnabled(), admin.hasInboxSeat());
    }
}
