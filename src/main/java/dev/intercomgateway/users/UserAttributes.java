package dev.intercomgateway.users;

import java.util.Map;

import dev.intercomgateway.web.CodePointsValidator;

/** What the create and update requests share, for one place of validation and mapping. */
interface UserAttributes {

    int MAX_CUSTOM_ATTRIBUTES = 100;
    /** Name and value lengths are in characters (code points), as every length of the API. */
    int MAX_CUSTOM_ATTRIBUTE_NAME = 190;
    int MAX_CUSTOM_ATTRIBUTE_VALUE = 255;
    /** The rule's message: both limits, as {@link #isFlat} checks them. */
    String FLAT_MESSAGE = "custom_attributes must be a flat map: names of 1 to " + MAX_CUSTOM_ATTRIBUTE_NAME + " characters, values strings (up to "
            + MAX_CUSTOM_ATTRIBUTE_VALUE + " characters), numbers, booleans or null";

    Map<String, Object> customAttributes();

    /** Intercom's custom attributes are flat: strings, numbers, booleans or null. */
    static boolean isFlat(Map<String, Object> attributes) {
        if (attributes == null) {
            return true;
        }
        return attributes.entrySet().stream().allMatch(entry -> entry.getKey() != null
                && !entry.getKey().isBlank()
                && CodePointsValidator.length(entry.getKey()) <= MAX_CUSTOM_ATTRIBUTE_NAME
                && isScalar(entry.getValue()));
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean
                || (value instanceof String text && CodePointsValidator.length(text) <= MAX_CUSTOM_ATTRIBUTE_VALUE);
    }
}
