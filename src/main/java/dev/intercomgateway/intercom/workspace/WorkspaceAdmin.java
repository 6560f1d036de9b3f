package dev.intercomgateway.intercom.workspace;

/** An admin (a teammate) of the workspace; Intercom's unset flags are false. */
public record WorkspaceAdmin(String id, String name, String email, String jobTitle, boolean awayModeEnabled, boolean hasInboxSeat) {
}
