package dev.intercomgateway.leads;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.security.Audited;
import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.IntercomId;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@Audited
@RequestMapping(path = "/api/v1/leads", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Leads", description = "Intercom contacts with role lead: visitors who never signed up")
public class LeadController {

    private final LeadService leads;

    public LeadController(LeadService leads) {
        this.leads = leads;
    }

    @RequiresScope("leads:read")
    @GetMapping
    @Operation(operationId = "listLeads", summary = "List leads, optionally filtered by email or external id", description = "Pages with a cursor: pass next_cursor back as cursor.")
    public CursorPage<Lead> list(
            @RequestParam(name = "email", required = false) @Email @CodePoints(min = 3, max = ApiConstraints.MAX_TEXT_LENGTH) String email,
            @RequestParam(name = "external_id", required = false) @CodePoints(min = 1, max = ApiConstraints.MAX_TEXT_LENGTH) String externalId,
            @Parameter(description = "Page size, 1 to 150") @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(ApiConstraints.MAX_PAGE_SIZE) int limit,
            @Parameter(description = "next_cursor of the previous page") @RequestParam(name = "cursor", required = false) @Pattern(regexp = ApiConstraints.CURSOR_REGEX) String cursor) {
        return leads.list(email, externalId, limit, cursor);
    }

    @RequiresScope("leads:read")
    @GetMapping("/{id}")
    @Operation(operationId = "getLead", summary = "Get a lead by Intercom id", description = "A user's id is a 404; a converted lead's is a 410 naming the user.")
    public Lead get(@PathVariable("id") @IntercomId String id) {
        return leads.get(id);
    }

    @RequiresScope("leads:write")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createLead", summary = "Create a lead", description = "email, name or phone is required.")
    public ResponseEntity<Lead> create(@Valid @RequestBody CreateLeadRequest request) {
        Lead created = leads.create(request);
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/api/v1/leads/{id}").buildAndExpand(created.id()).encode().toUri())
                .body(created);
    }

    @RequiresScope("leads:write")
    @PostMapping(path = "/{id}/convert", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "convertLead", summary = "Convert a lead by merging it into an existing user")
    public LeadConversion convert(@PathVariable("id") @IntercomId String id, @Valid @RequestBody ConvertLeadRequest request) {
        return leads.convert(id, request);
    }
}
