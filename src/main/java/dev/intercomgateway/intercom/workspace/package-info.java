/**
 * Intercom's workspace as the features see it: contacts, conversations, admins, teams, tags and notes
 * in Java types (times as {@link java.time.Instant}, ids as strings, absent lists empty), read and
 * changed through {@link dev.intercomgateway.intercom.client.IntercomClient}. Intercom's wire
 * records stay in {@code intercom.client.model}, mapped in one place ({@code WireMapping}).
 */
package dev.intercomgateway.intercom.workspace;
