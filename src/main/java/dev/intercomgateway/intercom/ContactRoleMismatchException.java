package dev.intercomgateway.intercom;

/**
 * The contact exists in Intercom but has another role than the operation is for (a lead's id where a
 * user's is expected, or the other way round): to the caller, there is no such user (or lead).
 */
public class ContactRoleMismatchException extends RuntimeException {

    private final String expectedRole;

    public ContactRoleMismatchException(String expectedRole) {
        super(Character.toUpperCase(expectedRole.charAt(0)) + expectedRole.substring(1) + " Not Found", null, false, false);
        this.expectedRole = expectedRole;
    }

    public String expectedRole() {
        return expectedRole;
    }
}
