package dev.intercomgateway.users;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.IntercomTimeoutException;
import dev.intercomgateway.intercom.IntercomUnreachableException;
import dev.intercomgateway.intercom.workspace.Contact;
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

/** The HTTP contract of /api/v1/users, with Intercom replaced by a mock of the gateway client. */
@WebMvcTest(UserController.class)
@Import({UserService.class, WebConfiguration.class, SecurityConfiguration.class})
class UserControllerTest {

    static final Contact GRACE = new Contact("6650a1", "user", "ext-1", "grace@example.com", "+14155550101", "Grace Hopper", Instant.ofEpochSecond(1_690_000_000L), Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_700_000_100L), Map.of("plan", "pro"));
    static final Contact LEAD = new Contact("6650b2", "lead", null, "visitor@example.com", null, null, null, Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_700_000_000L), Map.of());

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IntercomClient intercom;

    @Test
    void getsUserInSnakeCaseWithIsoTimestamps() throws Exception {
        given(intercom.contact("6650a1")).willReturn(GRACE);

        mvc.perform(get("/api/v1/users/6650a1"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.id").value("6650a1"))
                .andExpect(jsonPath("$.external_id").value("ext-1"))
                .andExpect(jsonPath("$.email").value("grace@example.com"))
                .andExpect(jsonPath("$.name").value("Grace Hopper"))
                .andExpect(jsonPath("$.phone").value("+14155550101"))
                .andExpect(jsonPath("$.signed_up_at").value("2023-07-22T04:26:40Z"))
                .andExpect(jsonPath("$.created_at").value("2023-11-14T22:13:20Z"))
                .andExpect(jsonPath("$.updated_at").value("2023-11-14T22:15:00Z"))
                .andExpect(jsonPath("$.custom_attributes.plan").value("pro"));
    }

    @Test
    void leadIsNotAUser() throws Exception {
        given(intercom.contact("6650b2")).willReturn(LEAD);

        mvc.perform(get("/api/v1/users/6650b2"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unknownIdIs404ProblemWithIntercomRequestId() throws Exception {
        given(intercom.contact("nope")).willThrow(new IntercomApiException(404, "not_found", "User Not Found", "req-1", null));

        mvc.perform(get("/api/v1/users/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value("User Not Found"))
                .andExpect(jsonPath("$.intercom_request_id").value("req-1"))
                .andExpect(jsonPath("$.intercom_error_code").value("not_found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a b", "%2e%2e", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ü"})
    void malformedIdIs400AndNeverReachesIntercom(String id) throws Exception {
        mvc.perform(get("/api/v1/users/{id}", id))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json")));
        verifyNoInteractions(intercom);
    }

    @Test
    void listsWithFiltersLimitAndCursor() throws Exception {
        given(intercom.contacts(ContactRole.USER, "grace@example.com", "ext-1", 2, "WzE3MDBd")).willReturn(new Page<>(List.of(GRACE), "WzE4MDBd"));

        mvc.perform(get("/api/v1/users").param("email", "grace@example.com").param("external_id", "ext-1")
                        .param("limit", "2").param("cursor", "WzE3MDBd"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].id").value("6650a1"))
                .andExpect(jsonPath("$.next_cursor").value("WzE4MDBd"));
    }

    @Test
    void lastPageHasNullCursorAndDefaultLimitIs50() throws Exception {
        given(intercom.contacts(eq(ContactRole.USER), isNull(), isNull(), eq(50), isNull())).willReturn(new Page<>(List.of(), null));

        mvc.perform(get("/api/v1/users"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data").isEmpty())
                .andExpect(jsonPath("$.next_cursor").isEmpty())
                .andExpect(content().string(containsString("\"next_cursor\":null")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=151", "limit=abc", "cursor=%24%24", "email=not-an-email", "email=", "external_id="})
    void badQueryIs400AndNeverReachesIntercom(String query) throws Exception {
        mvc.perform(get("/api/v1/users?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(intercom);
    }

    @Test
    void createsUserWith201LocationAndUnixSignedUpAt() throws Exception {
        given(intercom.createContact(any(), any())).willReturn(GRACE);

        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content("""
                        {"email":"grace@example.com","external_id":"ext-1","name":"Grace Hopper",
                         "signed_up_at":"2023-07-22T04:26:40Z","custom_attributes":{"plan":"pro","seats":3,"beta":true}}"""))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/users/6650a1"))
                .andExpect(jsonPath("$.id").value("6650a1"));

        verify(intercom).createContact(ContactRole.USER, new ContactFields("ext-1", "grace@example.com", null, "Grace Hopper",
                Instant.ofEpochSecond(1_690_000_000L), Map.of("plan", "pro", "seats", 3, "beta", true)));
    }

    @Test
    void createWithoutEmailOrExternalIdIs400() throws Exception {
        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Nobody\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].message").value(hasItem("email or external_id is required")));
        verifyNoInteractions(intercom);
    }

    @Test
    void createWithInvalidFieldsNamesThemInSnakeCase() throws Exception {
        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"email\":\"nope\",\"external_id\":\"" + "x".repeat(300) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("email")))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("external_id")));
        verifyNoInteractions(intercom);
    }

    @Test
    void nestedCustomAttributesAre400() throws Exception {
        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"email\":\"a@example.com\",\"custom_attributes\":{\"deep\":{\"x\":1}}}"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(intercom);
    }

    @Test
    void invalidTimestampIs400() throws Exception {
        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"email\":\"a@example.com\",\"signed_up_at\":\"yesterday\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(intercom);
    }

    @Test
    void malformedJsonIs400() throws Exception {
        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content("{\"email\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(not(containsString("Exception"))));
        verifyNoInteractions(intercom);
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        mvc.perform(post("/api/v1/users").contentType(MediaType.TEXT_PLAIN).content("email=a@example.com"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(intercom);
    }

    @Test
    void bodyOverOneMebibyteIs413() throws Exception {
        String huge = "{\"email\":\"a@example.com\",\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";

        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content(huge))
                .andExpect(status().is(413))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(intercom);
    }

    @Test
    void duplicateIs409() throws Exception {
        given(intercom.createContact(any(), any())).willThrow(new IntercomApiException(409, "conflict",
                "A contact matching those details already exists with id=6650a1", "req-9", null));

        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"grace@example.com\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.intercom_error_code").value("conflict"))
                .andExpect(jsonPath("$.detail").value(containsString("already exists")));
    }

    @Test
    void intercomParameterErrorsKeepStatusAndMessage() throws Exception {
        given(intercom.createContact(any(), any())).willThrow(new IntercomApiException(422, "parameter_invalid", "Phone is invalid", "r", null));

        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"a@example.com\",\"phone\":\"x\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value("Phone is invalid"));
    }

    @Test
    void intercomRejectingOurTokenIs502NotA401() throws Exception {
        given(intercom.contact("6650a1")).willThrow(new IntercomApiException(401, "unauthorized", "Access Token Invalid", "r-401", null));

        mvc.perform(get("/api/v1/users/6650a1"))
                .andExpect(status().isBadGateway())
                .andExpect(header().doesNotExist("WWW-Authenticate"))
                .andExpect(jsonPath("$.intercom_error_code").value("unauthorized"))
                .andExpect(jsonPath("$.intercom_request_id").value("r-401"));
    }

    @Test
    void intercomServerErrorIs502() throws Exception {
        given(intercom.contact("6650a1")).willThrow(new IntercomApiException(500, "server_error", "boom", "r-500", null));

        mvc.perform(get("/api/v1/users/6650a1"))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.intercom_request_id").value("r-500"));
    }

    @Test
    void malformedIntercomBodyIs502() throws Exception {
        given(intercom.contact("6650a1")).willThrow(new IntercomBadResponseException(200, "Intercom answered GET /contacts/{contact_id} with an empty body", null, null));

        mvc.perform(get("/api/v1/users/6650a1"))
                .andExpect(status().isBadGateway())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unreachableIntercomIs502() throws Exception {
        given(intercom.contact("6650a1")).willThrow(new IntercomUnreachableException("Could not connect to Intercom", false, null));

        mvc.perform(get("/api/v1/users/6650a1")).andExpect(status().isBadGateway());
    }

    @Test
    void timeoutIs504() throws Exception {
        given(intercom.contact("6650a1")).willThrow(new IntercomTimeoutException("Intercom did not answer in time", true, null));

        mvc.perform(get("/api/v1/users/6650a1"))
                .andExpect(status().isGatewayTimeout())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void intercomRateLimitIs429WithRetryAfter() throws Exception {
        given(intercom.contact("6650a1")).willThrow(new IntercomApiException(429, "rate_limit_exceeded", "Exceeded", "r",
                new IntercomRateLimit(167, 0, Instant.now().plusSeconds(6))));

        mvc.perform(get("/api/v1/users/6650a1"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", org.hamcrest.Matchers.matchesPattern("[5-7]")));
    }

    @Test
    void budgetExhaustedIs429WithRetryAfterAndReason() throws Exception {
        given(intercom.contact("6650a1")).willThrow(new IntercomRejectedException(IntercomRejectedException.Reason.BUDGET_EXHAUSTED,
                "No rate-budget permit within 5000 ms", java.time.Duration.ofMillis(2_300), null));

        mvc.perform(get("/api/v1/users/6650a1"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "3"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value("budget_exhausted"));
    }

    @Test
    void openCircuitIs503WithRetryAfter() throws Exception {
        given(intercom.contact("6650a1")).willThrow(new IntercomRejectedException(IntercomRejectedException.Reason.CIRCUIT_OPEN,
                "Intercom has been failing", java.time.Duration.ofSeconds(30), null));

        mvc.perform(get("/api/v1/users/6650a1"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.reason").value("circuit_open"));
    }

    @Test
    void patchSendsOnlyGivenFields() throws Exception {
        given(intercom.contact("6650a1")).willReturn(GRACE);
        given(intercom.updateContact(eq("6650a1"), any())).willReturn(GRACE);

        mvc.perform(patch("/api/v1/users/6650a1").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Grace B. Hopper\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("6650a1"));

        verify(intercom).updateContact("6650a1", new ContactFields(null, null, null, "Grace B. Hopper", null, null));
    }

    @Test
    void invalidPatchNamesTheFields() throws Exception {
        mvc.perform(patch("/api/v1/users/6650a1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"not-an-email\",\"phone\":\"" + "1".repeat(65) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("email")))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("phone")));
        verifyNoInteractions(intercom);
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        given(intercom.createContact(any(), any())).willReturn(GRACE);

        mvc.perform(post("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"grace@example.com\",\"favourite_colour\":\"blue\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void emptyPatchIs400() throws Exception {
        mvc.perform(patch("/api/v1/users/6650a1").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(intercom);
    }

    @Test
    void patchOfLeadIs404AndChangesNothing() throws Exception {
        given(intercom.contact("6650b2")).willReturn(LEAD);

        mvc.perform(patch("/api/v1/users/6650b2").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}"))
                .andExpect(status().isNotFound());
        verify(intercom, never()).updateContact(any(), any());
    }

    @Test
    void deleteIs204() throws Exception {
        given(intercom.contact("6650a1")).willReturn(GRACE);

        mvc.perform(delete("/api/v1/users/6650a1")).andExpect(status().isNoContent());
        verify(intercom).deleteContact("6650a1");
    }

    @Test
    void deleteOfLeadIs404() throws Exception {
        given(intercom.contact("6650b2")).willReturn(LEAD);

        mvc.perform(delete("/api/v1/users/6650b2")).andExpect(status().isNotFound());
        verify(intercom, never()).deleteContact(any());
    }

    @Test
    void unsupportedMethodIs405Problem() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/users/6650a1")
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        verify(intercom, never()).contacts(any(), any(), any(), anyInt(), any());
    }

    @Test
    void unknownEndpointIs404ProblemNamingIt() throws Exception {
        mvc.perform(get("/api/v1/userz"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("No endpoint GET /api/v1/userz; the API is described at /v3/api-docs"));
    }
}
