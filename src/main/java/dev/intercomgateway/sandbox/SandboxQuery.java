package dev.intercomgateway.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/** Intercom's contact search query language, for the string fields the sandbox knows. */
final class SandboxQuery {

    private static final Set<String> SEARCHABLE = Set.of("id", "role", "email", "external_id", "name", "phone");

    private SandboxQuery() {
    }

    static Predicate<JsonNode> parse(JsonNode query) {
        if (query == null || query.isNull()) {
            throw SandboxError.missing("query is required");
        }
        String operator = query.path("operator").asString("");
        if (operator.equals("AND") || operator.equals("OR")) {
            JsonNode value = query.get("value");
            if (value == null || !value.isArray() || value.isEmpty()) {
                throw SandboxError.invalid(operator + " needs a non-empty array of filters");
            }
            List<Predicate<JsonNode>> parts = new ArrayList<>();
            value.forEach(part -> parts.add(parse(part)));
            return operator.equals("AND")
                    ? contact -> parts.stream().allMatch(p -> p.test(contact))
                    : contact -> parts.stream().anyMatch(p -> p.test(contact));
        }
        Function<JsonNode, String> field = field(query.path("field").asString(""));
        JsonNode value = query.get("value");
        if (value == null) {
            throw SandboxError.missing("value is required");
        }
        return switch (operator) {
            case "=" -> contact -> equalsIgnoreCase(field.apply(contact), text(value));
            case "!=" -> contact -> !equalsIgnoreCase(field.apply(contact), text(value));
            case "IN" -> contact -> values(value).stream().anyMatch(v -> equalsIgnoreCase(field.apply(contact), v));
            case "NIN" -> contact -> values(value).stream().noneMatch(v -> equalsIgnoreCase(field.apply(contact), v));
            case "~" -> contact -> lower(field.apply(contact)).contains(lower(text(value)));
            case "!~" -> contact -> !lower(field.apply(contact)).contains(lower(text(value)));
            case "^" -> contact -> lower(field.apply(contact)).startsWith(lower(text(value)));
            case "$" -> contact -> lower(field.apply(contact)).endsWith(lower(text(value)));
            default -> throw SandboxError.invalid("operator '" + operator + "' is not supported");
        };
    }

    private static Function<JsonNode, String> field(String name) {
        if (!SEARCHABLE.contains(name)) {
            throw SandboxError.invalid("field '" + name + "' is not searchable in the sandbox");
        }
        return contact -> SandboxJson.text(contact, name);
    }

    private static String text(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw SandboxError.invalid("value must be a string");
        }
        return value.asString();
    }

    private static List<String> values(JsonNode value) {
        if (!value.isArray()) {
            throw SandboxError.invalid("IN and NIN take an array value");
        }
        List<String> values = new ArrayList<>();
        value.forEach(v -> values.add(text(v)));
        return values;
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
