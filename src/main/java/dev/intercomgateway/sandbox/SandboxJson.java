package dev.intercomgateway.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox writes Intercom's JSON itself, field by field as Intercom's description names them,
 * and never through the gateway's wire records: a mistake in those records must not be able to hide
 * in both the client and its stand-in.
 */
final class SandboxJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private SandboxJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Intercom leaves out a field it has no value for when its description does not allow null. */
    static ObjectNode putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
        return node;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw SandboxError.missing(field + " is required");
        }
        return value;
    }

    static String requiredText(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isString() || value.asString().isBlank()) {
            throw SandboxError.invalid(field + " must be a non-empty string");
        }
        return value.asString();
    }
}
