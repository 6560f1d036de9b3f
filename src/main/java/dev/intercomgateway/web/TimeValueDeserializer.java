package dev.intercomgateway.web;

import java.time.Instant;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Reads every {@link Instant} of a request body through {@link TimeValues}: a JSON string of the API's
 * form, or null. (Jackson's own reader also takes numbers, as seconds or milliseconds depending on
 * their shape.) A refusal carries the field's path, which the problem response names.
 */
public class TimeValueDeserializer extends ValueDeserializer<Instant> {

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
        JsonToken token = parser.currentToken();
        // A number's or a boolean's own text, so that the refusal can say why; an object or an array has none worth quoting.
        String text = token == JsonToken.VALUE_STRING || token.isScalarValue() ? parser.getString() : "";
        try {
            return TimeValues.parse(text);
        } catch (TimeValues.InvalidTimeValueException e) {
            throw InvalidFormatException.from(parser, e.getMessage(), text, Instant.class);
        }
    }
}
