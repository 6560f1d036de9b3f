package dev.intercomgateway.teams;

import static dev.intercomgateway.testsupport.TestCallers.withKey;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;

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

/** The teams endpoint's HTTP contract: status, body shape and scope. */
@WebMvcTest(TeamController.class)
@Import({WebConfiguration.class, SecurityConfiguration.class})
@WithTestCallers
class TeamControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TeamService teams;

    @Test
    void listsTheTeamsWithTheirAdminsAsData() throws Exception {
        given(teams.list()).willReturn(new TeamList(List.of(new Team("5001", "Support", List.of("990001", "990002")),
                new Team("5002", "Billing", List.of()))));

        mvc.perform(get("/api/v1/teams").with(withKey(TestCallers.FULL_KEY)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.data.length()").value(2))
                .andExpect(jsonPath("$.data[0].id").value("5001"))
                .andExpect(jsonPath("$.data[0].name").value("Support"))
                .andExpect(jsonPath("$.data[0].admin_ids[1]").value("990002"))
                .andExpect(jsonPath("$.data[1].admin_ids").isEmpty());
    }

    @Test
    void listingNeedsAdminsRead() throws Exception {
        mvc.perform(get("/api/v1/teams").with(withKey(TestCallers.READER_KEY)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/teams")).andExpect(status().isUnauthorized());

        verifyNoInteractions(teams);
    }
}
