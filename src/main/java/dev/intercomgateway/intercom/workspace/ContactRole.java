package dev.intercomgateway.intercom.workspace;

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
}
