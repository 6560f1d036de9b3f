package dev.intercomgateway.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.ConversationQuery;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.intercom.workspace.SentMessage;
import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.web.WebConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Time values (snoozed_until in a body, created_after/updated_after in the query) and lengths on /api/v1/conversations. */
@WebMvcTest(ConversationController.class)
@Import({ConversationService.class, WebConfiguration.class, SecurityConfiguration.class})
class ConversationInputRulesTest {

    static final String EMOJI = "\uD83D\uDE00";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IntercomClient intercom;

    /** What no time value of the API is, whatever the field. */
    static Stream<String> neverATimeValue() {
        return Stream.of("1714548600000", "1714548600", "-1", "1714548600.5", "2024-05-01", "2024-05-01T09:30:00", "09:30:00Z",
                "2024-05-01T09:30:00+0200", "+56301-05-01T09:30:00Z", "1969-12-31T23:59:59Z", "2038-01-19T03:14:08Z",
                "Wed, 01 May 2024 09:30:00 GMT", "", "yesterday");
    }

    static Stream<Arguments> refusedSnoozes() {
        Instant now = Instant.now();
        return Stream.concat(neverATimeValue().map(value -> "\"" + value + "\""), Stream.of("1714548600000", "true", "{}",
                        "\"2001-01-01T00:00:00Z\"", "\"" + now.minusSeconds(5) + "\"", "\"" + now.plus(Duration.ofDays(1830)) + "\""))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("refusedSnoozes")
    void snoozedUntilOutsideTheRuleIs400NamingIt(String value) throws Exception {
        mvc.perform(post("/api/v1/conversations/42/snooze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"admin_id\":\"990001\",\"snoozed_until\":" + value + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("snoozed_until"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("must")));
        verifyNoInteractions(intercom);
    }

    /**
     * A snooze within this second (sent with a fraction) is refused with bounds in whole seconds and the
     * value as it was compared (truncated), so the message never reads as if the value sent were after the bound.
     */
    @Test
    void aRefusedSnoozeQuotesItsBoundsInWholeSeconds() throws Exception {
        Instant sent = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(999);
        String message = com.jayway.jsonpath.JsonPath.read(mvc.perform(post("/api/v1/conversations/42/snooze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"admin_id\":\"990001\",\"snoozed_until\":\"" + sent + "\"}"))
                .andReturn().getResponse().getContentAsString(), "$.errors[0].message");

        java.util.regex.Matcher bounds = java.util.regex.Pattern.compile(
                "must be after (\\S+Z) and not after (\\S+Z) \\(compared in whole seconds: the value is (\\S+Z)\\)").matcher(message);
        assertThat(bounds.matches()).as(message).isTrue();
        Instant after = Instant.parse(bounds.group(1));
        assertThat(after).isEqualTo(after.truncatedTo(ChronoUnit.SECONDS));
        assertThat(Instant.parse(bounds.group(2))).isEqualTo(Instant.parse(bounds.group(2)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(Instant.parse(bounds.group(3))).isEqualTo(sent.truncatedTo(ChronoUnit.SECONDS)).isBeforeOrEqualTo(after);
        verifyNoInteractions(intercom);
    }

    @Test
    void aSnoozeWithAnOffsetOrAFractionIsSentAsUtcUnixSeconds() throws Exception {
        given(intercom.snooze(eq("42"), any(), any())).willReturn(ConversationControllerTest.CONVERSATION);
        Instant until = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        String inParis = until.atOffset(ZoneOffset.ofHours(2)).toString();
        String withFraction = until.plusMillis(750).toString();

        for (String given : List.of(inParis, withFraction)) {
            mvc.perform(post("/api/v1/conversations/42/snooze").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"admin_id\":\"990001\",\"snoozed_until\":\"" + given + "\"}"))
                    .andExpect(status().isOk());
        }

        // the client sends the instant's whole seconds (IntercomGatewayWireMockTest)
        ArgumentCaptor<Instant> sent = ArgumentCaptor.forClass(Instant.class);
        verify(intercom, org.mockito.Mockito.times(2)).snooze(eq("42"), eq("990001"), sent.capture());
        assertThat(sent.getAllValues()).extracting(Instant::getEpochSecond).containsExactly(until.getEpochSecond(), until.getEpochSecond());
    }

    static Stream<Arguments> refusedQueryTimes() {
        return neverATimeValue().flatMap(value -> Stream.of(Arguments.of("created_after", value), Arguments.of("updated_after", value)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("refusedQueryTimes")
    void queryTimesOutsideTheRuleAre400NamingTheParameter(String parameter, String value) throws Exception {
        mvc.perform(get("/api/v1/conversations").param(parameter, value))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value(parameter))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("must")));
        verifyNoInteractions(intercom);
    }

    @ParameterizedTest
    @CsvSource({
            "created_after, created_at, 2024-05-01T11:30:00+02:00, 1714555800",
            "updated_after, updated_at, 2024-05-01T09:30:00.999Z,  1714555800",
            "created_after, created_at, 1970-01-01T00:00:01Z,      1",
            "updated_after, updated_at, 2038-01-19T03:14:07Z,      2147483647"})
    void queryTimesAreSearchedAsUtcUnixSeconds(String parameter, String intercomField, String value, long epochSeconds) throws Exception {
        given(intercom.conversations(any(), anyInt(), any())).willReturn(new Page<>(List.of(), null));

        mvc.perform(get("/api/v1/conversations").param(parameter, value)).andExpect(status().isOk());

        // the query's instant, searched by its whole seconds on Intercom's field (WireMappingTest)
        ArgumentCaptor<ConversationQuery> query = ArgumentCaptor.forClass(ConversationQuery.class);
        verify(intercom).conversations(query.capture(), eq(20), isNull());
        Instant searched = intercomField.equals("created_at") ? query.getValue().createdAfter() : query.getValue().updatedAfter();
        assertThat(searched.getEpochSecond()).isEqualTo(epochSeconds);
        assertThat(intercomField.equals("created_at") ? query.getValue().updatedAfter() : query.getValue().createdAfter()).isNull();
    }

    /** Length-limited strings of the conversations API, with a valid request around each. */
    static Stream<Arguments> limitedStrings() {
        String admin = "\"admin_id\":\"990001\"";
        return Stream.of(
                Arguments.of("/replies", "{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"body\":\"%s\"}", "body", 65_536),
                Arguments.of("/close", "{" + admin + ",\"body\":\"%s\"}", "body", 65_536),
                Arguments.of("/assign", "{" + admin + ",\"assignee\":{\"type\":\"admin\",\"id\":\"990002\"},\"body\":\"%s\"}", "body", 65_536),
                Arguments.of("", "{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"to\":{\"type\":\"user\",\"id\":\"6650a2000000000000000002\"},"
                        + "\"message_type\":\"email\",\"subject\":\"%s\",\"body\":\"Hi\"}", "subject", 255));
    }

    @ParameterizedTest(name = "{2} of POST /api/v1/conversations/42{0}")
    @MethodSource("limitedStrings")
    void lengthsCountCharactersNotUtf16Units(String action, String body, String field, int limit) throws Exception {
        given(intercom.close(eq("42"), any(), any())).willReturn(ConversationControllerTest.CONVERSATION);
        given(intercom.assign(eq("42"), any(), any(), any(), any())).willReturn(ConversationControllerTest.CONVERSATION);
        given(intercom.replyAsAdmin(eq("42"), any(), any(), any())).willReturn(ConversationControllerTest.CONVERSATION);
        given(intercom.contact("6650a2000000000000000002")).willReturn(ConversationControllerTest.contact("6650a2000000000000000002", "user"));
        given(intercom.send(any())).willReturn(new SentMessage("m3", "89"));
        String path = action.isEmpty() ? "/api/v1/conversations" : "/api/v1/conversations/42" + action;

        mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body.formatted(EMOJI.repeat(limit))))
                .andExpect(status().is2xxSuccessful());
        mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body.formatted(EMOJI.repeat(limit + 1))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(containsString(limit + " characters")));
    }
}
