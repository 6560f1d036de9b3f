package dev.intercomgateway.users;

import java.util.Map;

/** What the create and update requests share, for one place of validation and mapping. */
interface UserAttributes {

    int MAX_CUSTOM_ATTRIBUTES = 100;
    int MAX_CUSTOM_ATTRIBUTE_NAME = 190;
    int MAX_CUSTOM_ATTRIBUTE_VALUE = 255;

    Map<String, Object> customAttributes();

    /** Intercom's custom attributes are flat: strings, numbers, booleans or null. */
    static boolean isFlat(Map<String, Object> attributes) {
        if (attributes == null) {
            return true;
        }
        return attributes.entrySet().stream().allMatch(entry -> entry.getKey() != null
                && !entry.getKey().isBlank()
                && entry.getKey().length() <= MAX_CUSTOM_ATTRIBUTE_NAME
                && isScalar(entry.getValue()));
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean
                || (value instanceof String text && text.length() <= MAX_CUSTOM_ATTRIBUTE_VALUE);
    }
}
