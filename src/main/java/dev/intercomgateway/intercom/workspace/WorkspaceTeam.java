package dev.intercomgateway.intercom.workspace;

import java.util.List;

/** A team and its admins' ids (never null). */
public record WorkspaceTeam(String id, String name, List<String> adminIds) {
}
