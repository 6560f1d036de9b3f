package dev.intercomgateway.users;

import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.web.CursorPage;

import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Users are Intercom contacts with role {@code user}; leads are invisible here. */
@Service
public class UserService {

    private final IntercomClient intercom;
    private final JsonMapper json;

    public UserService(IntercomClient intercom, JsonMapper json) {
        this.intercom = intercom;
        this.json = json;
    }

    /** Every user, streamed as NDJSON from {@code cursor} (the start when null), {@code pageSize} users a checkpoint. */
    public StreamingResponseBody export(String cursor, int pageSize) {
        return new UserExport(intercom, json, cursor, pageSize);
    }

    public CursorPage<User> list(String email, String externalId, int limit, String cursor) {
        Page<Contact> page = intercom.contacts(ContactRole.USER, email, externalId, limit, cursor);
        return new CursorPage<>(page.items().stream().map(UserService::toUser).toList(), page.nextCursor());
    }

    public User get(String id) {
        return toUser(ContactRole.USER.require(intercom.contact(id)));
    }

    public User create(CreateUserRequest request) {
        return toUser(intercom.createContact(ContactRole.USER, new ContactFields(request.externalId(), request.email(),
                request.phone(), request.name(), request.signedUpAt(), request.customAttributes())));
    }

    public User update(String id, UpdateUserRequest request) {
        ContactRole.USER.require(intercom.contact(id));
        return toUser(intercom.updateContact(id, new ContactFields(request.externalId(), request.email(),
                request.phone(), request.name(), request.signedUpAt(), request.customAttributes())));
    }

    /** Reads the contact first (as update does) so that a lead's id is a 404 here, not something to change or delete. */
    public void delete(String id) {
        ContactRole.USER.require(intercom.contact(id));
        intercom.deleteContact(id);
    }

    static User toUser(Contact contact) {
        return new User(contact.id(), contact.externalId(), contact.email(), contact.name(), contact.phone(),
                contact.signedUpAt(), contact.createdAt(), contact.updatedAt(), contact.customAttributes());
    }
}
