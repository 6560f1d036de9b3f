package dev.intercomgateway.leads;

import java.util.Map;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.client.model.IntercomContact;
import dev.intercomgateway.intercom.client.model.IntercomContactList;
import dev.intercomgateway.intercom.client.model.IntercomContactWrite;
import dev.intercomgateway.intercom.client.model.IntercomPages;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.InvalidRequestException;
import dev.intercomgateway.web.TimeValues;

import org.springframework.stereotype.Service;

/** Leads are Intercom contacts with role {@code lead}; users are invisible here, as leads are on /api/v1/users. */
@Service
public class LeadService {

    private static final String LEAD_ROLE = "lead";

    private final IntercomClient intercom;

    public LeadService(IntercomClient intercom) {
        this.intercom = intercom;
    }

    public CursorPage<Lead> list(String email, String externalId, int limit, String cursor) {
        IntercomContactList page = intercom.searchContacts(LEAD_ROLE, email, externalId, limit, cursor);
        return new CursorPage<>(page.dataOrEmpty().stream().map(LeadService::toLead).toList(), IntercomPages.nextCursor(page.pages()));
    }

    public Lead get(String id) {
        return toLead(requireLead(id));
    }

    public Lead create(CreateLeadRequest request) {
        return toLead(intercom.createContact(new IntercomContactWrite(LEAD_ROLE, null, request.email(), request.phone(), request.name(),
                null, null)));
    }

    /** Both ends are checked first: merging the wrong way round, or into a lead, is the caller's mistake (nothing is written). */
    public LeadConversion convert(String leadId, ConvertLeadRequest request) {
        requireLead(leadId);
        IntercomContact user = intercom.getContact(request.userId());
        if (!"user".equals(user.role())) {
            throw new InvalidRequestException("user_id", "is not a user (a lead can only be merged into a user)");
        }
        IntercomContact merged = intercom.mergeLeadIntoUser(leadId, request.userId());
        return new LeadConversion(leadId, merged.id());
    }

    private IntercomContact requireLead(String id) {
        return intercom.getContact(id).requireLead();
    }

    static Lead toLead(IntercomContact contact) {
        return new Lead(contact.id(), contact.email(), contact.name(), contact.phone(), TimeValues.fromIntercom(contact.createdAt()),
                TimeValues.fromIntercom(contact.updatedAt()), contact.customAttributes() == null ? Map.of() : contact.customAttributes());
    }
}
