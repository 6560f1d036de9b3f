package dev.intercomgateway.intercom.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /conversations/{id}/parts}, one of Intercom's four shapes by
 * {@code message_type}: {@code assignment} (to an admin or a team; assignee 0 unassigns),
 * {@code close}, {@code open}, {@code snoozed} (until a unix time).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntercomManageRequest(String messageType, String type, String adminId, String assigneeId, String body, Long snoozedUntil) {

    /** Intercom's assignee id for "nobody". */
    public static final String NOBODY = "0";

    public static IntercomManageRequest assign(String byAdminId, String assigneeId) {
        return assign(byAdminId, "admin", assigneeId, null);
    }

    /** @param assigneeType {@code admin} or {@code team} */
    public static IntercomManageRequest assign(String byAdminId, String assigneeType, String assigneeId, String body) {
        return new IntercomManageRequest("assignment", assigneeType, byAdminId, assigneeId, body, null);
    }

    public static IntercomManageRequest close(String byAdminId, String body) {
        return new IntercomManageRequest("close", "admin", byAdminId, null, body, null);
    }

    public static IntercomManageRequest open(String byAdminId) {
        return new IntercomManageRequest("open", null, byAdminId, null, null, null);
    }

    public static IntercomManageRequest snooze(String byAdminId, long untilEpochSeconds) {
        return new IntercomManageRequest("snoozed", null, byAdminId, null, null, untilEpochSeconds);
    }
}
