package dev.intercomgateway.admins;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.client.model.IntercomAdmin;

import org.springframework.stereotype.Service;

/** The workspace's admins, mapped from Intercom's wire format to the internal API's. */
@Service
public class AdminService {

    private final IntercomClient intercom;

    public AdminService(IntercomClient intercom) {
        this.intercom = intercom;
    }

    public AdminList list() {
        return new AdminList(intercom.listAdmins().adminsOrEmpty().stream().map(AdminService::toAdmin).toList());
    }

    public Admin get(String id) {
        return toAdmin(intercom.getAdmin(id));
    }

    static Admin toAdmin(IntercomAdmin admin) {
        return new Admin(admin.id(), admin.name(), admin.email(), admin.jobTitle(), Boolean.TRUE.equals(admin.awayModeEnabled()),
                Boolean.TRUE.equals(admin.hasInboxSeat()));
    }
}
