package dev.intercomgateway.intercom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intercomgateway.intercom.client.model.IntercomAdmin;
import dev.intercomgateway.intercom.client.model.IntercomAdminMessageRequest;
import dev.intercomgateway.intercom.client.model.IntercomAuthor;
import dev.intercomgateway.intercom.client.model.IntercomContact;
import dev.intercomgateway.intercom.client.model.IntercomContactWrite;
import dev.intercomgateway.intercom.client.model.IntercomParticipant;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest.Query;
import dev.intercomgateway.intercom.client.model.IntercomTeamList;
import dev.intercomgateway.intercom.client.model.IntercomConversation;
import dev.intercomgateway.intercom.workspace.AdminMessage;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ConversationQuery;
import dev.intercomgateway.intercom.workspace.WorkspaceAdmin;
import dev.intercomgateway.intercom.workspace.WorkspaceTeam;
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

    /** What the features' slice tests give as domain objects, as Intercom's answers come (they mocked the client with these once). */
    @Test
    void aContactsTimesAreInstantsAndItsMissingAttributesEmpty() {
        var grace = WireMapping.contact(new IntercomContact("contact", "6650a1", "ext-1", "user", "grace@example.com", "+14155550101", "Grace Hopper",
                1_700_000_000L, 1_700_000_100L, 1_690_000_000L, null));

        assertThat(grace).isEqualTo(new Contact("6650a1", "user", "ext-1", "grace@example.com", "+14155550101", "Grace Hopper",
                Instant.parse("2023-07-22T04:26:40Z"), Instant.parse("2023-11-14T22:13:20Z"), Instant.parse("2023-11-14T22:15:00Z"), Map.of()));
    }

    @Test
    void aContactWriteSendsWholeUnixSecondsAndNoRoleOnAnUpdate() {
        var fields = new ContactFields("ext-1", "grace@example.com", null, "Grace Hopper", Instant.parse("2024-05-01T09:30:00.999Z"),
                Map.of("plan", "pro"));

        assertThat(WireMapping.contactWrite("user", fields)).isEqualTo(new IntercomContactWrite("user", "ext-1", "grace@example.com", null,
                "Grace Hopper", 1714555800L, Map.of("plan", "pro")));
        assertThat(WireMapping.contactWrite(null, new ContactFields(null, null, null, "x", null, null)))
                .isEqualTo(new IntercomContactWrite(null, null, null, null, "x", null, null));
    }

    @Test
    void anAdminsUnsaidFlagsAreFalseAndATeamsAdminIdsStrings() {
        assertThat(WireMapping.admin(new IntercomAdmin("admin", "990001", "Ada", "ada@example.com", "Support lead", true, null)))
                .isEqualTo(new WorkspaceAdmin("990001", "Ada", "ada@example.com", "Support lead", true, false));
        assertThat(WireMapping.team(new IntercomTeamList.Team("team", "5001", "Support", List.of(990001L, 990002L))))
                .isEqualTo(new WorkspaceTeam("5001", "Support", List.of("990001", "990002")));
        assertThat(WireMapping.team(new IntercomTeamList.Team("team", "5002", "Billing", null)).adminIds()).isEmpty();
    }

    /** Intercom addresses a message to a {@code user} or a {@code lead}; an in-app message has no subject and no template. */
    @Test
    void anAdminMessageIsAddressedByTheRecipientsRole() {
        var lead = new Contact("6650a2", "lead", null, null, null, null, null, null, null, Map.of());
        var user = new Contact("6650a1", "user", null, null, null, null, null, null, null, Map.of());

        assertThat(WireMapping.adminMessage(new AdminMessage("990001", lead, false, null, "Hello", "plain")))
                .isEqualTo(new IntercomAdminMessageRequest("inapp", null, "Hello", null, IntercomAdminMessageRequest.Sender.admin(990001L),
                        new IntercomParticipant("lead", "6650a2"), true));
        assertThat(WireMapping.adminMessage(new AdminMessage("990001", user, true, "Welcome", "Hello", "plain")))
                .isEqualTo(new IntercomAdminMessageRequest("email", "Welcome", "Hello", "plain", IntercomAdminMessageRequest.Sender.admin(990001L),
                        new IntercomParticipant("user", "6650a1"), true));
    }

    /** Every criterion given is one filter (the client ANDs them into one search); times as whole unix seconds; none is the plain list. */
    @Test
    void aConversationQueryIsOneFilterPerCriterion() {
        var query = new ConversationQuery("open", true, "990001", "5001", "6650a1", Instant.parse("2024-01-01T00:00:00.750Z"),
                Instant.parse("2038-01-19T03:14:07Z"));

        assertThat(WireMapping.conversationFilters(query)).containsExactly(
                Query.equalTo("state", "open"),
                Query.equalTo("open", true),
                Query.equalTo("admin_assignee_id", "990001"),
                Query.equalTo("team_assignee_id", "5001"),
                Query.equalTo("contact_ids", "6650a1"),
                Query.after("created_at", 1704067200L),
                Query.after("updated_at", 2147483647L));
        assertThat(WireMapping.conversationFilters(new ConversationQuery(null, null, null, null, null, null, null))).isEmpty();
    }
}
