package dev.intercomgateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intercomgateway.admins.AdminController;
import dev.intercomgateway.conversations.ConversationController;
import dev.intercomgateway.conversations.ConversationService;
import dev.intercomgateway.conversations.UserConversationsController;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.leads.LeadController;
import dev.intercomgateway.leads.LeadService;
import dev.intercomgateway.notes.NoteController;
import dev.intercomgateway.notes.NoteService;
import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.tags.TagController;
import dev.intercomgateway.tags.TagService;
import dev.intercomgateway.users.UserController;
import dev.intercomgateway.users.UserService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every way the internal API refuses input names the field in each {@code errors[]} entry: single-field
 * constraints on bodies, query and path parameters, cross-field rules ({@link RequestRule}: the fields it is
 * about, joined with commas), body values Jackson cannot read, parameters of the wrong type, a missing
 * required parameter, and the services' own checks.
 */
@WebMvcTest({UserController.class, LeadController.class, ConversationController.class, UserConversationsController.class, NoteController.class,
        TagController.class, AdminController.class})
@Import({UserService.class, LeadService.class, ConversationService.class, NoteService.class, TagService.class,
        WebConfiguration.class, SecurityConfiguration.class})
class ErrorFieldsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IntercomClient intercom;

    @BeforeEach
    void intercomKnowsALead() {
        given(intercom.contact("6650b2000000000000000002")).willReturn(new Contact("6650b2000000000000000002", "lead", null, null, null, null, null, Instant.ofEpochSecond(1L), Instant.ofEpochSecond(1L), Map.of()));
        given(intercom.contact("6650b2000000000000000003")).willReturn(new Contact("6650b2000000000000000003", "lead", null, null, null, null, null, Instant.ofEpochSecond(1L), Instant.ofEpochSecond(1L), Map.of()));
        given(intercom.teams()).willReturn(List.of());
        given(intercom.conversations(any(), org.mockito.ArgumentMatchers.anyInt(), any())).willReturn(null);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # cross-field rules
            POST  | /api/v1/users                      | {"name":"x"}                                                          | email,external_id
            PATCH | /api/v1/users/6650a1               | {}                                                                    | email,external_id,name,phone,signed_up_at,custom_attributes
            POST  | /api/v1/users                      | {"email":"a@example.com","custom_attributes":{"deep":{"x":1}}}        | custom_attributes
            POST  | /api/v1/leads                      | {}                                                                    | email,name,phone
            POST  | /api/v1/conversations              | {"from":{"type":"user","id":"6650a1000000000000000001"},"body":"x","subject":"s"} | to,message_type,subject,template,assignee
            POST  | /api/v1/conversations              | {"from":{"type":"admin","id":"990001"},"body":"x"}                    | to
            POST  | /api/v1/conversations              | {"from":{"type":"user","id":"short"},"body":"x"}                      | from.id
            POST  | /api/v1/conversations              | {"from":{"type":"admin","id":"abc"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"in_app","body":"x"} | from.id
            POST  | /api/v1/conversations              | {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"in_app","template":"plain","body":"x"} | template
            POST  | /api/v1/conversations              | {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"email","body":"x"} | subject
            POST  | /api/v1/conversations              | {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"in_app","body":"x","assignee":{"type":"user","id":"6650a1000000000000000001"}} | assignee.type
            POST  | /api/v1/conversations/42/replies   | {"from":{"type":"user","id":"6650a1000000000000000001"},"body":"x","message_type":"note"} | message_type
            # a body that is JSON but not an object names the whole body
            POST  | /api/v1/users                      | []                                                                    | $
            POST  | /api/v1/users                      | 42                                                                    | $
            POST  | /api/v1/users                      | null                                                                  | $
            POST  | /api/v1/users                      | "str"                                                                 | $
            POST  | /api/v1/conversations/42/close     | []                                                                    | $
            POST  | /api/v1/leads                      | true                                                                  | $
            # single-field constraints in bodies
            POST  | /api/v1/conversations/42/replies   | {"from":{"type":"bot","id":"1"},"body":""}                           | from.type
            POST  | /api/v1/users/6650a1/notes         | {"body":"x"}                                                          | admin_id
            POST  | /api/v1/leads/6650b2000000000000000002/convert | {"user_id":"a b"}                                         | user_id
            # body values Jackson cannot read
            POST  | /api/v1/users                      | {"email":{"x":1}}                                                     | email
            POST  | /api/v1/users                      | {"email":"a@example.com","signed_up_at":"2024-05-01"}                 | signed_up_at
            POST  | /api/v1/users                      | {"email":"a@example.com","custom_attributes":[1]}                     | custom_attributes
            POST  | /api/v1/conversations              | {"from":"admin","body":"x"}                                           | from
            POST  | /api/v1/conversations              | {"from":{"type":["admin"],"id":"1"},"body":"x"}                       | from.type
            POST  | /api/v1/conversations/42/snooze    | {"admin_id":"990001","snoozed_until":1714548600000}                   | snoozed_until
            POST  | /api/v1/conversations/42/assign    | {"admin_id":"990001","assignee":{"type":"admin","id":{}}}             | assignee.id
            # scalars of the wrong JSON type are refused, not converted
            POST  | /api/v1/users                      | {"email":"a@example.com","name":123}                                  | name
            POST  | /api/v1/users                      | {"email":"a@example.com","external_id":true}                          | external_id
            POST  | /api/v1/users                      | {"email":"a@example.com","name":1.5e3}                                | name
            PATCH | /api/v1/users/6650a1               | {"phone":15551234}                                                    | phone
            POST  | /api/v1/leads                      | {"email":false}                                                       | email
            POST  | /api/v1/users/6650a1/notes         | {"body":"x","admin_id":990001}                                        | admin_id
            POST  | /api/v1/users/6650a1/notes         | {"body":12,"admin_id":"990001"}                                       | body
            POST  | /api/v1/conversations/42/close     | {"admin_id":990001}                                                   | admin_id
            POST  | /api/v1/conversations              | {"from":{"type":"admin","id":990001},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"in_app","body":"x"} | from.id
            POST  | /api/v1/conversations/42/replies   | {"from":{"type":"admin","id":"990001"},"body":true}                   | body
            # query parameters of the wrong type or form
            GET   | /api/v1/users?limit=abc            |                                                                       | limit
            GET   | /api/v1/leads?limit=1.5            |                                                                       | limit
            GET   | /api/v1/conversations?open=maybe   |                                                                       | open
            GET   | /api/v1/conversations?created_after=2024-05-01 |                                                           | created_after
            GET   | /api/v1/conversations?updated_after=1714548600 |                                                           | updated_after
            GET   | /api/v1/users?email=not-an-email   |                                                                       | email
            GET   | /api/v1/users?cursor=%24%24        |                                                                       | cursor
            GET   | /api/v1/conversations?state=pending |                                                                      | state
            # a single-valued query parameter given twice, on every handler
            GET   | /api/v1/conversations?created_after=2024-01-01T00:00:00Z&created_after=junk |                           | created_after
            GET   | /api/v1/conversations?limit=5&limit=abc |                                                                  | limit
            GET   | /api/v1/conversations?open=true&open=maybe |                                                               | open
            GET   | /api/v1/conversations?state=open&state=open |                                                              | state
            GET   | /api/v1/users?limit=5&limit=6      |                                                                       | limit
            GET   | /api/v1/users?email=a@example.com&email=b@example.com |                                                | email
            GET   | /api/v1/users/export?page_size=2&page_size=abc |                                                           | page_size
            GET   | /api/v1/leads?cursor=WzQyXQ&cursor=WzQzXQ |                                                                | cursor
            GET   | /api/v1/users/6650a1/conversations?limit=1&limit=2 |                                                       | limit
            DELETE | /api/v1/conversations/42/tags/7?admin_id=990001&admin_id=990002 |                                         | admin_id
            # a missing required parameter
            DELETE | /api/v1/conversations/42/tags/7   |                                                                       | admin_id
            # path variables that fail their pattern
            GET   | /api/v1/users/a.b                  |                                                                       | id
            GET   | /api/v1/conversations/abc          |                                                                       | id
            GET   | /api/v1/admins/abc                 |                                                                       | id
            DELETE | /api/v1/users/6650a1/tags/a.b     |                                                                       | tag_id
            GET   | /api/v1/users/a.b/conversations    |                                                                       | id
            # the services' own checks
            POST  | /api/v1/conversations/42/assign    | {"admin_id":"990001","assignee":{"type":"team","id":"7777"}}          | assignee.id
            POST  | /api/v1/conversations/42/tags      | {"name":"vip"}                                                        | admin_id
            POST  | /api/v1/leads/6650b2000000000000000002/convert | {"user_id":"6650b2000000000000000003"}                    | user_id
            """)
    void everyErrorsEntryNamesItsField(String method, String path, String body, String expectedField) throws Exception {
        var request = request(HttpMethod.valueOf(method), path);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
        JsonNode errors = JSON.readTree(response.getContentAsString()).get("errors");
        assertThat(errors).as(response.getContentAsString()).isNotNull();
        assertThat(errors.isArray() && !errors.isEmpty()).as(response.getContentAsString()).isTrue();
        errors.forEach(error -> {
            assertThat(error.path("field").isString()).as(error.toString()).isTrue();
            assertThat(error.path("field").asString()).as(error.toString()).isNotBlank();
            assertThat(error.path("message").asString()).as(error.toString()).isNotBlank().doesNotContain("java.", "Exception");
        });
        assertThat(errors.valueStream().map(error -> error.get("field").asString())).as(response.getContentAsString()).contains(expectedField);
    }

    @org.junit.jupiter.api.Test
    void aRepeatedParameterSaysItMustBeGivenOnceAndReachesNobody() throws Exception {
        MockHttpServletResponse response = mvc.perform(request(HttpMethod.GET, "/api/v1/users?limit=5&limit=abc")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(response.getContentAsString()).get("errors").get(0).get("message").asString()).isEqualTo("must be given once");
        org.mockito.Mockito.verifyNoInteractions(intercom);
    }

    /** One entry per field and rule, naming the field that is wrong. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"in_app","body":"x","assignee":{"type":"bot","id":"1"}} | assignee.type
            {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"in_app","body":"x","assignee":{"type":"user","id":"1"}} | assignee.type
            {"from":{"type":"admin","id":"990001"},"to":{"type":"admin","id":"990002"},"message_type":"in_app","body":"x"} | to.type
            {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"body":"x"} | message_type
            {"from":{"type":"admin","id":"990001"},"message_type":"in_app","body":"x"} | to
            """)
    void aStartedConversationsErrorNamesOnlyTheWrongField(String body, String field) throws Exception {
        MockHttpServletResponse response = mvc.perform(request(HttpMethod.POST, "/api/v1/conversations").contentType(MediaType.APPLICATION_JSON)
                .content(body)).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode errors = JSON.readTree(response.getContentAsString()).get("errors");
        assertThat(errors).as(response.getContentAsString()).hasSize(1);
        assertThat(errors.get(0).get("field").asString()).isEqualTo(field);
    }

    @org.junit.jupiter.api.Test
    void aCustomAttributeNameOverItsLimitIsRefusedWithTheLimitSaid() throws Exception {
        MockHttpServletResponse response = mvc.perform(request(HttpMethod.POST, "/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\":\"a@example.com\",\"custom_attributes\":{\"" + "k".repeat(191) + "\":1}}")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(response.getContentAsString()).get("errors").get(0).get("message").asString()).contains("1 to 190 characters");
    }

    @org.junit.jupiter.api.Test
    void aScalarOfTheWrongTypeSaysWhatItMustBe() throws Exception {
        for (String body : List.of("{\"email\":\"a@example.com\",\"name\":123}", "{\"email\":\"a@example.com\",\"external_id\":true}",
                "{\"email\":\"a@example.com\",\"name\":1.5e3}")) {
            MockHttpServletResponse response = mvc.perform(request(HttpMethod.POST, "/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                    .content(body)).andReturn().getResponse();
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(JSON.readTree(response.getContentAsString()).get("errors").get(0).get("message").asString()).isEqualTo("must be a string");
        }
        org.mockito.Mockito.verifyNoInteractions(intercom);
    }

    @org.junit.jupiter.api.Test
    void customAttributesKeepStringsNumbersAndBooleans() throws Exception {
        given(intercom.createContact(any(), any())).willReturn(new Contact("6650a1", "user", null, "a@example.com", null, null, null, Instant.ofEpochSecond(1L), Instant.ofEpochSecond(1L), Map.of("plan", "pro", "seats", 3, "trial", true, "score", 1.5)));

        MockHttpServletResponse response = mvc.perform(request(HttpMethod.POST, "/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\":\"a@example.com\",\"custom_attributes\":{\"plan\":\"pro\",\"seats\":3,\"trial\":true,\"score\":1.5}}"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        var sent = org.mockito.ArgumentCaptor.forClass(ContactFields.class);
        org.mockito.Mockito.verify(intercom).createContact(org.mockito.ArgumentMatchers.eq(ContactRole.USER), sent.capture());
        assertThat(sent.getValue().customAttributes()).containsEntry("plan", "pro").containsEntry("seats", 3).containsEntry("trial", true)
                .containsEntry("score", 1.5);
    }
}
