package dev.intercomgateway.conversations;

/** Digits: Intercom's admin ids, which its description types as integers in places. */
final class ActingAdmin {

    static final String ID_REGEX = "[0-9]{1,18}";
    static final String ID_MESSAGE = "must be an Intercom admin id (digits)";

    private ActingAdmin() {
    }
}
