package dev.intercomgateway.admins;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.web.AdminId;

import org.springframework.http.MediaType;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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

    @RequiresScope("admins:read")
    @GetMapping
    @Operation(operationId = "listAdmins", summary = "List the workspace's admins", description = "Their ids are what conversations take to send or assign as an admin.")
    public AdminList list() {
        return new AdminList(intercom.admins().stream().map(Admin::of).toList());
    }

    @RequiresScope("admins:read")
    @GetMapping("/{id}")
    @Operation(operationId = "getAdmin", summary = "Get one admin")
    public Admin get(@PathVariable("id") @AdminId String id) {
        return Admin.of(intercom.admin(id));
    }
}
