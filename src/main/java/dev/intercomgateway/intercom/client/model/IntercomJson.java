package dev.intercomgateway.intercom.client.model;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of Intercom's wire format: snake_case names, unknown fields ignored (Intercom
 * adds fields without a version bump). Kept apart from the internal API's mapper on purpose.
 */
public final class IntercomJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private IntercomJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
