package dev.intercomgateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.events.CloudEvents;
import dev.intercomgateway.web.TimeValues;

/**
 * The fields of Intercom's {@code notification_event} (its {@code type}, required) the gateway keeps: {@code id} ({@code notif_...},
 * not blank; lone surrogates replaced as in {@link CloudEvents#wellFormed}),
 * {@code topic} (dot-separated lower-case segments, none empty, at most 100 characters), {@code app_id} (the workspace),
 * {@code created_at} (unix seconds, 1 to 2^31 - 1: Intercom's 0 means unset) and {@code data.item}.
 */
record Notification(String id, String topic, String appId, long createdAt, JsonNode item) {

    static final String PING = "ping";
    static final String TYPE = "notification_event";

    /** Dot-separated segments of lower-case letters, digits and '_', none empty: {@code contact.user.created}, not {@code contact.user.}. */
    private static final Pattern TOPIC = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private static final int MAX_TOPIC = 100;

    /**
     * @param json the API's mapper, which reads the body
     * @throws MalformedNotificationException naming what is missing or wrong
     */
    static Notification parse(JsonMapper json, byte[] body) {
        JsonNode root;
        try {
            // decoded here, not by the parser: its byte parser refuses a lone surrogate escape in a property name (valid JSON),
            // and a delivery refused is retried and then pauses the subscription; as a String both become U+FFFD in CloudEvents.of
            root = json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException notJson) {
            throw new MalformedNotificationException("The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedNotificationException("The body must be a JSON object (a notification_event)");
        }
        String topic = text(root, "topic");
        String id = text(root, "id");
        id = id == null ? null : CloudEvents.wellFormed(id);
        if (PING.equals(topic)) {
            return new Notification(id, topic, text(root, "app_id"), 0, null);
        }
        // CloudEvents 1.0: id is a non-empty string; a blank one would also make every later blank id a duplicate
        require(id != null && !id.isBlank() && id.length() <= 200, "id");
        require(topic != null && topic.length() <= MAX_TOPIC && TOPIC.matcher(topic).matches(), "topic");
        String appId = text(root, "app_id");
        require(appId != null && appId.matches("[A-Za-z0-9_-]{1,100}"), "app_id");
        JsonNode createdAt = root.get("created_at");
        // the CloudEvent's time must be an RFC 3339 date-time: seconds the gateway can write as one (up to 2038, as Intercom's);
        // Intercom's 0 means "not set", so the earliest is 1 (as TimeValues.EARLIEST)
        require(createdAt != null && createdAt.isIntegralNumber() && createdAt.canConvertToLong()
                && createdAt.asLong() >= TimeValues.EARLIEST.getEpochSecond() && createdAt.asLong() <= TimeValues.LATEST.getEpochSecond(),
                "created_at");
        JsonNode data = root.get("data");
        require(data != null && data.isObject() && data.has("item") && data.get("item").isObject(), "data.item");
        require(TYPE.equals(text(root, "type")), "type");
        return new Notification(id, topic, appId, createdAt.asLong(), data.get("item"));
    }

    /** The item's {@code role} for contact topics ({@code user} or {@code lead}), else null. */
    String role() {
        JsonNode role = item == null ? null : item.get("role");
        return role != null && role.isString() ? role.asString() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static void require(boolean valid, String field) {
        if (!valid) {
            throw new MalformedNotificationException("The notification's " + field + " is missing or not what Intercom sends");
        }
    }

    static final class MalformedNotificationException extends RuntimeException {
        MalformedNotificationException(String message) {
            super(message);
        }
    }
}
