package dev.intercomgateway.passthrough;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.operations.IntercomOperation;

/**
 * What of a request Intercom's description lets the gateway judge without reading the body's
 * schema: ids are plain path segments, integers where it says integer, the query parameters it
 * requires are there, the body's media type is one it takes. A request that fails is answered 4xx
 * and never sent.
 */
final class PassthroughInput {

    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,19}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Refuses an object naming one key twice: the gateway judges a body by one reading of it (the
     * acting admin, its type), and Intercom's parser might keep the other value.
     */
    static final JsonMapper STRICT_JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private PassthroughInput() {
    }

    /** What is wrong with the path and query for this operation, or null when nothing is. */
    static String misfit(IntercomOperation operation, Map<String, String> variables, String rawQuery) {
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            if (!isPlainSegment(variable.getValue())) {
                return "The path parameter " + variable.getKey() + " is empty or blank, a dot segment (. or ..) or over 255 characters, "
                        + "or holds a slash, a backslash or a control character";
            }
            if (operation.integerParameters().contains(variable.getKey()) && !INTEGER.matcher(variable.getValue()).matches()) {
                return "The path parameter " + variable.getKey() + " must be an integer";
            }
        }
        Set<String> present = queryNames(rawQuery);
        for (String required : operation.requiredQuery()) {
            if (!present.contains(required)) {
                return "The query parameter " + required + " is required";
            }
        }
        return null;
    }

    /**
     * A path parameter the passthrough forwards (decoded once; sent encoded once as one segment):
     * any character Intercom's description allows (it sets no pattern on its string parameters), so
     * {@code %}, {@code ;}, {@code +}, spaces and any Unicode pass as data; refused is only what
     * could change the operation or the path: an empty or blank value (nothing Intercom can look up; Intercom's
     * description reads it as a missing parameter), a dot segment, a slash, a backslash
     * (a separator to WHATWG URL parsers and to servers that map it to a slash), a control
     * character (C0, DEL, C1), or over 255 characters.
     */
    static boolean isPlainSegment(String value) {
        return !value.isBlank() && !value.equals(".") && !value.equals("..") && value.codePointCount(0, value.length()) <= 255
                && value.chars().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c));
    }

    /** Whether the caller's Content-Type is one the operation takes (no type is taken as JSON, as SDKs mean it). */
    static boolean acceptsType(IntercomOperation operation, String contentType) {
        String type = contentType == null ? "application/json" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return operation.bodyTypes().stream().anyMatch(type::equals);
    }

    private static Set<String> queryNames(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            try {
                names.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                names.add(name);
            }
        }
        return names;
    }

    static boolean isJson(String contentType) {
        return contentType == null || contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    /** Whether Intercom's own answer is JSON (read leniently: it is passed on as it came). */
    static boolean wellFormed(byte[] body) {
        try {
            JSON.readTree(body);
            return true;
        } catch (JacksonException notJson) {
            return false;
        }
    }

    /**
     * What is wrong with a JSON body, or null when nothing is: not well-formed JSON, or an object
     * naming a key twice ({@code {"admin_id":"1","admin_id":"2"}}, at any depth), named with its
     * JSON Pointer.
     */
    static String bodyMisfit(byte[] body) {
        try {
            STRICT_JSON.readTree(body);
            return null;
        } catch (StreamReadException duplicate) {
            if (duplicate.processor() instanceof JsonParser parser && duplicate.getMessage() != null
                    && duplicate.getMessage().startsWith("Duplicate Object property")) {
                String field = parser.currentName();
                return "The request body names the field " + field + " more than once (at "
                        + parser.streamReadContext().pathAsPointer() + ")";
            }
            return "The request body is not well-formed JSON";
        } catch (JacksonException notJson) {
            return "The request body is not well-formed JSON";
        }
    }
}
