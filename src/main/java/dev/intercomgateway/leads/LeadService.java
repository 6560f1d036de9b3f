package dev.intercomgateway.leads;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.InvalidRequestException;

import org.springframework.stereotype.Service;

/** Leads are Intercom contacts with role {@code lead}; users are invisible here, as leads are on /api/v1/users. */
@Service
public class LeadService {

    private final IntercomClient intercom;

    public LeadService(IntercomClient intercom) {
        this.intercom = intercom;
    }

    public CursorPage<Lead> list(String email, String externalId, int limit, String cursor) {
        Page<Contact> page = intercom.contacts(ContactRole.LEAD, email, externalId, limit, cursor);
        return new CursorPage<>(page.items().stream().map(LeadService::toLead).toList(), page.nextCursor());
    }

    public Lead get(String id) {
        return toLead(ContactRole.LEAD.require(intercom.contact(id)));
    }

    public Lead create(CreateLeadRequest request) {
        return toLead(intercom.createContact(ContactRole.LEAD, new ContactFields(null, request.email(), request.phone(), request.name(),
                null, null)));
    }

    /** Both ends are checked first: merging the wrong way round, or into a lead, is the caller's mistake (nothing is written). */
    public LeadConversion convert(String leadId, ConvertLeadRequest request) {
        ContactRole.LEAD.require(intercom.contact(leadId));
        if (!intercom.contact(request.userId()).is(ContactRole.USER)) {
            throw new InvalidRequestException("user_id", "is not a user (a lead can only be merged into a user)");
        }
        Contact merged = intercom.mergeLeadIntoUser(leadId, request.userId());
        return new LeadConversion(leadId, merged.id());
    }

    static Lead toLead(Contact contact) {
        return new Lead(contact.id(), contact.email(), contact.name(), contact.phone(), contact.createdAt(), contact.updatedAt(),
                contact.customAttributes());
    }
}
