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

    private static final Set<String> CONTACT_FIELDS = Set.of("id", "role", "email", "external_id", "name", "phone");

    /** Reads a searchable field's values from an item (several for a list field such as contact_ids); null: not searchable. */
    interface Fields {
        Function<JsonNode, List<String>> field(String name);
    }

    static final Fields CONTACTS = name -> CONTACT_FIELDS.contains(name) ? item -> single(SandboxJson.text(item, name)) : null;

    private SandboxQuery() {
    }

    static Predicate<JsonNode> parse(JsonNode query) {
        return parse(query, CONTACTS);
    }

    static List<String> single(String value) {
        return value == null ? List.of() : List.of(value);
    }

    static Predicate<JsonNode> parse(JsonNode query, Fields fields) {
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
            value.forEach(part -> parts.add(parse(part, fields)));
            return operator.equals("AND")
                    ? contact -> parts.stream().allMatch(p -> p.test(contact))
                    : contact -> parts.stream().anyMatch(p -> p.test(contact));
        }
        String name = query.path("field").asString("");
        Function<JsonNode, List<String>> field = fields.field(name);
        if (field == null) {
            throw SandboxError.invalid("field '" + name + "' is not searchable in the sandbox");
        }
        JsonNode value = query.get("value");
        if (value == null) {
            throw SandboxError.missing("value is required");
        }
        return switch (operator) {
            case "=" -> item -> field.apply(item).stream().anyMatch(v -> equalsIgnoreCase(v, text(value)));
            case "!=" -> item -> field.apply(item).stream().noneMatch(v -> equalsIgnoreCase(v, text(value)));
            case "IN" -> item -> values(value).stream().anyMatch(v -> field.apply(item).stream().anyMatch(f -> equalsIgnoreCase(f, v)));
            case "NIN" -> item -> values(value).stream().noneMatch(v -> field.apply(item).stream().anyMatch(f -> equalsIgnoreCase(f, v)));
            case "~" -> item -> lower(first(field.apply(item))).contains(lower(text(value)));
            case "!~" -> item -> !lower(first(field.apply(item))).contains(lower(text(value)));
            case "^" -> item -> lower(first(field.apply(item))).startsWith(lower(text(value)));
            case "$" -> item -> lower(first(field.apply(item))).endsWith(lower(text(value)));
            case ">" -> item -> number(first(field.apply(item))) > number(text(value));
            case "<" -> item -> number(first(field.apply(item))) < number(text(value));
            default -> throw SandboxError.invalid("operator '" + operator + "' is not supported");
        };
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.getFirst();
    }

    private static long number(String value) {
        try {
            return value == null ? Long.MIN_VALUE : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw SandboxError.invalid("'" + value + "' is not a number");
        }
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
