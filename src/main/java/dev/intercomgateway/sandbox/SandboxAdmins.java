package dev.intercomgateway.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The workspace's admins and teams, and {@code GET /me} (the first admin, as the token's owner). */
final class SandboxAdmins {

    private final SandboxSequence sequence;
    private final Map<String, ObjectNode> admins = new LinkedHashMap<>();
    private final Map<String, ObjectNode> teams = new LinkedHashMap<>();

    SandboxAdmins(SandboxSequence sequence) {
        this.sequence = sequence;
    }

    ObjectNode addAdmin(String name, String email, String jobTitle) {
        String id = String.valueOf(990_000 + sequence.next());
        ObjectNode admin = SandboxJson.object()
                .put("type", "admin").put("id", id).put("name", name).put("email", email).put("job_title", jobTitle)
                .put("away_mode_enabled", false).put("away_mode_reassign", false).put("has_inbox_seat", true);
        admin.putArray("team_ids");
        admins.put(id, admin);
        return admin.deepCopy();
    }

    ObjectNode listAdmins() {
        return SandboxPages.list("admin.list", "admins", admins.values());
    }

    /** Teams have fixed ids, outside the sequence that numbers everything else (the README's ids stay put). */
    void addTeam(String id, String name, List<String> adminIds) {
        ObjectNode team = SandboxJson.object().put("type", "team").put("id", id).put("name", name);
        ArrayNode members = team.putArray("admin_ids");
        adminIds.forEach(admin -> members.add(Long.parseLong(admin)));
        teams.put(id, team);
    }

    ObjectNode listTeams() {
        return SandboxPages.list("team.list", "teams", teams.values());
    }

    /** As Intercom answers {@code GET /teams/{team_id}}: the team, or a 404 {@code team_not_found}. */
    ObjectNode getTeam(String id) {
        ObjectNode team = teams.get(id);
        if (team == null) {
            throw new SandboxError(404, "team_not_found", "Team not found");
        }
        return team.deepCopy();
    }

    ObjectNode me() {
        ObjectNode owner = admins.values().stream().findFirst()
                .orElseThrow(() -> new SandboxError(401, "unauthorized", "Access Token Invalid")).deepCopy();
        owner.put("email_verified", true);
        owner.putObject("app").put("type", "app").put("id_code", "sandbox").put("name", "Sandbox workspace").put("region", "US")
                .put("timezone", "UTC").put("created_at", 1_700_000_000L).put("identity_verification", false);
        return owner;
    }

    ObjectNode require(String id, String field) {
        ObjectNode admin = id == null ? null : admins.get(id);
        if (admin == null) {
            throw SandboxError.notFound("Admin not found for " + field);
        }
        return admin;
    }

    ObjectNode getAdmin(String id) {
        return require(id, "admin_id").deepCopy();
    }


    /** The workspace's first admin, the author of notes that name none. */
    ObjectNode first() {
        return admins.values().iterator().next();
    }

    boolean hasTeam(String id) {
        return teams.containsKey(id);
    }
}
