package dev.intercomgateway.intercom.workspace;

import dev.intercomgateway.intercom.ContactRoleMismatchException;

/** The two roles of an Intercom contact the gateway serves, with Intercom's name for each. */
public enum ContactRole {
    USER("user"),
    LEAD("lead");

    private final String wireName;

    ContactRole(String wireName) {
        this.wireName = wireName;
    }

    /** Intercom's {@code role} value. */
    public String wireName() {
        return wireName;
    }

    /** The contact if it has this role: a lead's id is no user (and the reverse), so {@link ContactRoleMismatchException} (a 404). */
    public Contact require(Contact contact) {
        if (!contact.is(this)) {
            throw new ContactRoleMismatchException(wireName);
        }
        return contact;
    }
}
