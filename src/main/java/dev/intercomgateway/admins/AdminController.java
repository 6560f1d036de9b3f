package dev.intercomgateway.admins;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.intercomgateway.intercom.IntercomClient;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/admins", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admins", description = "The workspace's teammates")
public class AdminController {

    private final IntercomClient intercom;

    public AdminController(IntercomClient intercom) {
        this.intercom = intercom;
    }

    @GetMapping
    @Operation(summary = "List the workspace's admins", description = "Their ids are what conversations take to send or assign as an admin.")
    public AdminList list() {
        return new AdminList(intercom.listAdmins().adminsOrEmpty().stream()
                .map(a -> new Admin(a.id(), a.name(), a.email(), a.jobTitle(), Boolean.TRUE.equals(a.awayModeEnabled()),
                        Boolean.TRUE.equals(a.hasInboxSeat())))
                .toList());
    }
}
