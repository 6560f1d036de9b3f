package dev.intercomgateway.intercom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intercomgateway.intercom.client.model.IntercomAuthor;
import dev.intercomgateway.intercom.client.model.IntercomConversation;
import dev.intercomgateway.web.TimeValues;

class WireMappingTest {

    /** Every time the API renders from Intercom: unset (null, 0) and out-of-range values (milliseconds, negatives) read as null. */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null,            null",
            "0,               null",
            "-1,              null",
            "-86400,          null",
            "1714548600000,   null",
            "2147483648,      null",
            "1,               1970-01-01T00:00:01Z",
            "1714548600,      2024-05-01T07:30:00Z",
            "2147483647,      2038-01-19T03:14:07Z"})
    void readsIntercomsTimestampsInTheRangeOnly(Long epochSeconds, String expected) {
        assertThat(WireMapping.instant(epochSeconds)).isEqualTo(expected == null ? null : Instant.parse(expected));
    }

    @Test
    void whatTheApiTakesItRendersBackTheSame() {
        for (String text : new String[] {"1970-01-01T00:00:01Z", "2024-05-01T07:30:00Z", "2038-01-19T03:14:07Z"}) {
            assertThat(WireMapping.instant(TimeValues.parse(text).getEpochSecond())).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void aConversationsPartsComeOldestFirstAfterItsOpeningMessageWithNobodyAssignedForZero() {
        var author = new IntercomAuthor("admin", "991", "Ada", null);
        var conversation = new IntercomConversation("conversation", "123", null, 1_700_000_000L, 1_700_000_300L, true, "open", null, 0L, 5001L,
                null, null, new IntercomConversation.Source("conversation", "s1", "customer_initiated", null, "Hi", author),
                new IntercomConversation.Contacts("contact.list", List.of(new IntercomConversation.ContactReference("contact", "c1", null))),
                new IntercomConversation.Parts("conversation_part.list", List.of(
                        new IntercomConversation.Part("conversation_part", "p2", "comment", "later", 1_700_000_200L, null, author),
                        new IntercomConversation.Part("conversation_part", "p1", "comment", "first", 1_700_000_100L, null, null)), 2));

        var thread = WireMapping.conversation(conversation);

        assertThat(thread.adminAssigneeId()).isNull();
        assertThat(thread.teamAssigneeId()).isEqualTo("5001");
        assertThat(thread.contactIds()).containsExactly("c1");
        assertThat(thread.tags()).isEmpty();
        assertThat(thread.opening().createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(thread.parts()).extracting(part -> part.id()).containsExactly("p1", "p2");
        assertThat(thread.partsTotal()).isEqualTo(2);
    }
}
