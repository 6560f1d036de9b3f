package dev.intercomgateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.web.WebConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Time values and lengths on /api/v1/users: the API's one rule for each, on create, update and the list's query. */
@WebMvcTest(UserController.class)
@Import({UserService.class, WebConfiguration.class, SecurityConfiguration.class})
class UserInputRulesTest {

    /** One character outside the basic plane: two UTF-16 units, one code point. */
    static final String EMOJI = "\uD83D\uDE00";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IntercomClient intercom;

    /** signed_up_at values as JSON, each refused whatever the rest of the body. */
    static Stream<String> refusedSignedUpAt() {
        Instant tooFarAhead = Instant.now().plus(Duration.ofHours(26));
        return Stream.of("1714548600000", "1714548600", "-1", "0", "1714548600.5", "\"1714548600000\"", "\"2024-05-01\"",
                "\"2024-05-01T09:30:00\"", "\"09:30:00Z\"", "\"2024-05-01T09:30:00+0200\"", "\"+56301-05-01T09:30:00Z\"",
                "\"1969-12-31T23:59:59Z\"", "\"2038-01-19T03:14:08Z\"", "\"\"", "\"yesterday\"", "true", "{}", "[]",
                "\"" + tooFarAhead + "\"");
    }

    static Stream<Arguments> refusedSignedUpAtOnCreateAndUpdate() {
        return refusedSignedUpAt().flatMap(value -> Stream.of(
                Arguments.of("create", post("/api/v1/users"), "{\"email\":\"a@example.com\",\"signed_up_at\":" + value + "}"),
                Arguments.of("update", patch("/api/v1/users/6650a1"), "{\"signed_up_at\":" + value + "}")));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("refusedSignedUpAtOnCreateAndUpdate")
    void signedUpAtOtherThanAnIsoDateTimeWithOffsetInRangeIs400NamingIt(String operation, MockHttpServletRequestBuilder request, String body)
            throws Exception {
        mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("signed_up_at"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("must")));
        verifyNoInteractions(intercom);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1714548600000", "1714548600"})
    void aNumberIsRefusedSayingWhy(String number) throws Exception {
        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"a@example.com\",\"signed_up_at\":" + number + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("ISO-8601 date-time with an offset")))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("a number is not accepted")));
    }

    @ParameterizedTest
    @CsvSource({
            "2024-05-01T11:30:00+02:00,   2024-05-01T09:30:00Z",
            "2024-05-01T09:30:00.999Z,    2024-05-01T09:30:00Z",
            "1970-01-01T00:00:01Z,        1970-01-01T00:00:01Z"})
    void signedUpAtIsSentToIntercomAsUtcUnixSeconds(String given, String utc) throws Exception {
        given(intercom.createContact(any(), any())).willReturn(UserControllerTest.GRACE);
        given(intercom.contact("6650a1")).willReturn(UserControllerTest.GRACE);
        given(intercom.updateContact(eq("6650a1"), any())).willReturn(UserControllerTest.GRACE);

        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"a@example.com\",\"signed_up_at\":\"" + given + "\"}"))
                .andExpect(status().isCreated());
        mvc.perform(patch("/api/v1/users/6650a1").contentType(MediaType.APPLICATION_JSON).content("{\"signed_up_at\":\"" + given + "\"}"))
                .andExpect(status().isOk());

        // the client sends ContactFields' instants as whole seconds (WireMappingTest)
        ArgumentCaptor<ContactFields> created = ArgumentCaptor.forClass(ContactFields.class);
        verify(intercom).createContact(eq(ContactRole.USER), created.capture());
        assertThat(created.getValue().signedUpAt().getEpochSecond()).isEqualTo(Instant.parse(utc).getEpochSecond());
        ArgumentCaptor<ContactFields> updated = ArgumentCaptor.forClass(ContactFields.class);
        verify(intercom).updateContact(eq("6650a1"), updated.capture());
        assertThat(updated.getValue().signedUpAt().getEpochSecond()).isEqualTo(Instant.parse(utc).getEpochSecond());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 60, 23 * 60})
    void aSignUpUpToADayAheadIsTakenForClockSkew(long minutesAhead) throws Exception {
        given(intercom.createContact(any(), any())).willReturn(UserControllerTest.GRACE);
        Instant soon = Instant.now().plus(Duration.ofMinutes(minutesAhead)).truncatedTo(ChronoUnit.SECONDS);

        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"a@example.com\",\"signed_up_at\":\"" + soon + "\"}"))
                .andExpect(status().isCreated());
    }

    /** Length-limited strings of the users API: the JSON (or query) name, its limit in characters, and the rest of a valid request. */
    static Stream<Arguments> limitedStrings() {
        return Stream.of(
                Arguments.of("name", 255, "create"), Arguments.of("external_id", 255, "create"), Arguments.of("phone", 64, "create"),
                Arguments.of("name", 255, "update"), Arguments.of("external_id", 255, "update"), Arguments.of("phone", 64, "update"),
                Arguments.of("external_id", 255, "query"));
    }

    @ParameterizedTest(name = "{2} {0} ({1})")
    @MethodSource("limitedStrings")
    void lengthsCountCharactersNotUtf16Units(String field, int limit, String where) throws Exception {
        given(intercom.createContact(any(), any())).willReturn(UserControllerTest.GRACE);
        given(intercom.contact("6650a1")).willReturn(UserControllerTest.GRACE);
        given(intercom.updateContact(eq("6650a1"), any())).willReturn(UserControllerTest.GRACE);
        given(intercom.contacts(eq(ContactRole.USER), any(), any(), eq(50), any())).willReturn(new Page<>(List.of(), null));

        for (int length : new int[] {limit / 2 + 1, limit}) {
            mvc.perform(request(where, field, EMOJI.repeat(length))).andExpect(status().is2xxSuccessful());
        }
        mvc.perform(request(where, field, EMOJI.repeat(limit + 1)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(containsString(limit + " characters")));
        mvc.perform(request(where, field, "\u00e9".repeat(limit + 1))).andExpect(status().isBadRequest());
    }

    /** A lone surrogate or a NUL is no text: refused by the same constraint, saying which. */
    @ParameterizedTest(name = "{2} {0}")
    @MethodSource("limitedStrings")
    void aLoneSurrogateOrANulIsRefusedSayingWhich(String field, int limit, String where) throws Exception {
        boolean json = !where.equals("query");
        for (String[] value : new String[][] {{json ? "a\\ud83db" : "a\ud83db", "lone surrogate"}, {json ? "a\\udc00" : "a\udc00", "lone surrogate"},
                {json ? "a\\u0000b" : "a\u0000b", "NUL"}}) {
            mvc.perform(request(where, field, value[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value(field))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString(value[1])));
        }
        verifyNoInteractions(intercom);
    }

    @ParameterizedTest
    @CsvSource({"255, 201", "256, 400"})
    void customAttributeValuesCountCharactersToo(int length, int expected) throws Exception {
        given(intercom.createContact(any(), any())).willReturn(UserControllerTest.GRACE);

        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"a@example.com\",\"custom_attributes\":{\"motto\":\"" + EMOJI.repeat(length) + "\"}}"))
                .andExpect(status().is(expected));
    }

    private static MockHttpServletRequestBuilder request(String where, String field, String value) {
        return switch (where) {
            case "create" -> post("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"email\":\"a@example.com\",\"" + field + "\":\"" + value + "\"}");
            case "update" -> patch("/api/v1/users/6650a1").contentType(MediaType.APPLICATION_JSON).content("{\"" + field + "\":\"" + value + "\"}");
            default -> get("/api/v1/users").param(field, value);
        };
    }
}
