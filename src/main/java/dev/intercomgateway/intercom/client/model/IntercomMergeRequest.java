package dev.intercomgateway.intercom.client.model;

/** Body of {@code POST /contacts/merge}: the lead {@code from} is merged into the user {@code into}. */
public record IntercomMergeRequest(String from, String into) {
}
