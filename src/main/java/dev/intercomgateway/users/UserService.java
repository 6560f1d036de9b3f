package dev.intercomgateway.users;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.client.model.IntercomContact;
import dev.intercomgateway.intercom.client.model.IntercomContactList;
import dev.intercomgateway.intercom.client.model.IntercomContactWrite;
import dev.intercomgateway.intercom.client.model.IntercomPages;
import dev.intercomgateway.web.CursorPage;
import dev.intercomgateway.web.TimeValues;

import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Users are Intercom contacts with role {@code user}; leads are invisible here. */
@Service
public class UserService {

    private static final String USER_ROLE = "user";

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
        IntercomContactList page = intercom.searchUsers(email, externalId, limit, cursor);
        return new CursorPage<>(page.dataOrEmpty().stream().map(UserService::toUser).toList(), IntercomPages.nextCursor(page.pages()));
    }

    public User get(String id) {
        return toUser(requireUser(id));
    }

    public User create(CreateUserRequest request) {
        return toUser(intercom.createContact(new IntercomContactWrite(USER_ROLE, request.externalId(), request.email(),
                request.phone(), request.name(), epochSeconds(request.signedUpAt()), request.customAttributes())));
    }

    public User update(String id, UpdateUserRequest request) {
        requireUser(id);
        return toUser(intercom.updateContact(id, new IntercomContactWrite(null, request.externalId(), request.email(),
                request.phone(), request.name(), epochSeconds(request.signedUpAt()), request.customAttributes())));
    }

    public void delete(String id) {
        requireUser(id);
        intercom.deleteContact(id);
    }

    /** Reads the contact first so that a lead's id is a 404 here, not something to change or delete. */
    private IntercomContact requireUser(String id) {
        return intercom.getContact(id).requireUser();
    }

    static User toUser(IntercomContact contact) {
        return new User(contact.id(), contact.externalId(), contact.email(), contact.name(), contact.phone(),
                TimeValues.fromIntercom(contact.signedUpAt()), TimeValues.fromIntercom(contact.createdAt()), TimeValues.fromIntercom(contact.updatedAt()),
                contact.customAttributes() == null ? Map.of() : contact.customAttributes());
    }

    private static Long epochSeconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
