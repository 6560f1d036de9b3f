package dev.intercomgateway.admins;

import dev.intercomgateway.intercom.client.IntercomWorkspace;
import dev.intercomgateway.intercom.workspace.WorkspaceAdmin;

import org.springframework.stereotype.Service;

/** The workspace's admins, mapped from Intercom's wire format to the internal API's. */
@Service
public class AdminService {

    private final IntercomWorkspace intercom;

    public AdminService(IntercomWorkspace intercom) {
        this.intercom = intercom;
    }

    public AdminList list() {
        return new AdminList(intercom.admins().stream().map(AdminService::toAdmin).toList());
    }

    public Admin get(String id) {
        return toAdmin(intercom.admin(id));
    }

    static Admin toAdmin(WorkspaceAdmin admin) {
        return new Admin(admin.id(), admin.name(), admin.email(), admin.jobTitle(), admin.awayModeEnabled(), admin.hasInboxSeat());
    }
}
