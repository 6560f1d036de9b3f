package dev.intercomgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A field in errors[] is named as the caller wrote it: the JSON names of the path, by Jackson's snake-case strategy. */
class ProblemFieldNamesTest {

    @ParameterizedTest
    @CsvSource({
            "email, email",
            "signedUpAt, signed_up_at",
            "from.id, from.id",
            "customAttributes[plan], custom_attributes[plan]",
            "parts[0].partType, parts[0].part_type",
            "startConversationRequest, start_conversation_request"})
    void propertyPathsAreTheJsonNames(String path, String field) {
        assertThat(ProblemResponses.snakeCase(path)).isEqualTo(field);
    }
}
