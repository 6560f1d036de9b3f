package dev.intercomgateway.events;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Intercom notification in the CloudEvents 1.0 JSON format (the spec's "JSON Event Format"):
 * <ul>
 *   <li>{@code id}: Intercom's notification id ({@code notif_...}), what its retries share;</li>
 *   <li>{@code source}: {@code urn:intercom:app:<app_id>}, the Intercom workspace;</li>
 *   <li>{@code type}: {@code com.intercom.} and the topic, e.g. {@code com.intercom.contact.user.created};</li>
 *   <li>{@code subject}: the item's id, when it has one;</li>
 *   <li>{@code time}: the notification's {@code created_at};</li>
 *   <li>{@code datacontenttype} {@code application/json}, {@code data}: the item, as the REST API shapes it.</li>
 * </ul>
 * Lone UTF-16 surrogates (valid JSON escapes such as {@code "\\ud800"}, but no Unicode character) are
 * replaced with U+FFFD here, once, at intake ({@link #wellFormed}): UTF-8 cannot encode them, so every
 * store and surface would otherwise render them differently (or fail).
 * Written here rather than with the CloudEvents Java SDK: its JSON format module is built on Jackson 2,
 * and this service is on Jackson 3; {@code CloudEventsTest} checks the spec's required attributes.
 */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String TYPE_PREFIX = "com.intercom.";
    public static final String SOURCE_PREFIX = "urn:intercom:app:";

    private CloudEvents() {
    }

    /**
     * @param createdAt the notification's {@code created_at}, unix seconds
     * @param item the notification's {@code data.item}; null is sent as JSON null
     */
    public static String of(String notificationId, String topic, String appId, long createdAt, JsonNode item) {
        ObjectNode event = JsonNodeFactory.instance.objectNode()
                .put("specversion", SPEC_VERSION)
                .put("id", notificationId)
                .put("source", SOURCE_PREFIX + appId)
                .put("type", TYPE_PREFIX + topic);
        JsonNode subject = item == null ? null : item.get("id");
        if (subject != null && (subject.isString() || subject.isNumber())) {
            event.put("subject", subject.asString());
        }
        event.put("time", Instant.ofEpochSecond(createdAt).toString())
                .put("datacontenttype", "application/json");
        event.set("data", item == null ? JsonNodeFactory.instance.nullNode() : item);
        return wellFormed(event.toString());
    }

    /**
     * The text with every lone surrogate (a high surrogate not followed by a low one, or a low one
     * not preceded by a high one) replaced with U+FFFD, the replacement character; the same text
     * when it has none.
     */
    public static String wellFormed(String text) {
        int first = 0;
        while (first < text.length() && !Character.isSurrogate(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder fixed = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                fixed.append(c).append(text.charAt(++i));
            } else {
                fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return fixed.toString();
    }
}
