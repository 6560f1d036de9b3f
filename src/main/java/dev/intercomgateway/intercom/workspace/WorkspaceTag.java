package dev.intercomgateway.intercom.workspace;

public record WorkspaceTag(String id, String name) {
}
