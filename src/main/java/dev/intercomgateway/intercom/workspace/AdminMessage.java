package dev.intercomgateway.intercom.workspace;

/**
 * An admin writes to a contact: in-app, or an email (then with a subject and a template).
 *
 * @param email true for an email, false for an in-app message
 */
public record AdminMessage(String adminId, Contact recipient, boolean email, String subject, String body, String template) {
}
