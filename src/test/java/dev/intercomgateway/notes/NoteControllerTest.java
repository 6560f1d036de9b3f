package dev.intercomgateway.notes;

import static dev.intercomgateway.testsupport.TestCallers.withKey;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.testsupport.TestCallers;
import dev.intercomgateway.testsupport.WithTestCallers;
import dev.intercomgateway.web.WebConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The notes endpoints' HTTP contract: status, body shape, refused input naming its field, scopes and acting-as. */
@WebMvcTest(NoteController.class)
@Import({WebConfiguration.class, SecurityConfiguration.class})
@WithTestCallers
class NoteControllerTest {

    static final String USER = "6650a1000000000000000001";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    NoteService notes;

    @Test
    void listsAUsersNotesAsDataWithTimesAsIsoInstants() throws Exception {
        given(notes.list(USER)).willReturn(new NoteList(List.of(
                new Note("3001", "Asked for an annual invoice.", Instant.ofEpochSecond(1714548600), new Note.Author("990001", "Ada")),
                new Note("3000", "Imported", Instant.ofEpochSecond(1714548000), null))));

        mvc.perform(get("/api/v1/users/" + USER + "/notes").with(withKey(TestCallers.READER_KEY)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.data.length()").value(2))
                .andExpect(jsonPath("$.data[0].id").value("3001"))
                .andExpect(jsonPath("$.data[0].body").value("Asked for an annual invoice."))
                .andExpect(jsonPath("$.data[0].created_at").value("2024-05-01T07:30:00Z"))
                .andExpect(jsonPath("$.data[0].author.id").value("990001"))
                .andExpect(jsonPath("$.data[0].author.name").value("Ada"))
                .andExpect(jsonPath("$.data[1].author").isEmpty());
    }

    @Test
    void addingANoteIs201WithTheNote() throws Exception {
        given(notes.add(USER, new AddNoteRequest("Called back", "990001")))
                .willReturn(new Note("3002", "Called back", Instant.ofEpochSecond(1714548600), new Note.Author("990001", "Ada")));

        mvc.perform(post("/api/v1/users/" + USER + "/notes").with(withKey(TestCallers.FULL_KEY)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"Called back\",\"admin_id\":\"990001\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value("3002"))
                .andExpect(jsonPath("$.author.id").value("990001"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/users/6650a1000000000000000001/notes | {"admin_id":"990001"}              | body
            /api/v1/users/6650a1000000000000000001/notes | {"body":" ","admin_id":"990001"}   | body
            /api/v1/users/6650a1000000000000000001/notes | {"body":"x"}                       | admin_id
            /api/v1/users/6650a1000000000000000001/notes | {"body":"x","admin_id":"ada"}      | admin_id
            /api/v1/users/not%20an%20id/notes             | {"body":"x","admin_id":"990001"}   | id
            """)
    void refusedInputIsAProblemNamingTheFieldAndReachesNoService(String path, String body, String field) throws Exception {
        mvc.perform(post(java.net.URI.create(path)).with(withKey(TestCallers.FULL_KEY)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItem(field)));

        verifyNoInteractions(notes);
    }

    @Test
    void readingNeedsUsersReadAndWritingUsersWrite() throws Exception {
        mvc.perform(get("/api/v1/users/" + USER + "/notes").with(withKey(TestCallers.OPS_KEY))).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/users/" + USER + "/notes").with(withKey(TestCallers.READER_KEY)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"body\":\"x\",\"admin_id\":\"990001\"}")).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/users/" + USER + "/notes")).andExpect(status().isUnauthorized());

        verifyNoInteractions(notes);
    }
}
