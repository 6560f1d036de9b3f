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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.WorkspaceTeam;
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
    IntercomClient intercom;

    @Test
    void listsTheTeamsWithTheirAdminsAsData() throws Exception {
        given(intercom.teams()).willReturn(List.of(new WorkspaceTeam("5001", "Support", List.of("990001", "990002")),
                new WorkspaceTeam("5002", "Billing", List.of())));

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

        verifyNoInteractions(intercom);
    }

    @Test
    void getsOneTeamByItsId() throws Exception {
        given(intercom.team("5001")).willReturn(new WorkspaceTeam("5001", "Support", List.of("990001")));

        mvc.perform(get("/api/v1/teams/5001").with(withKey(TestCallers.FULL_KEY)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("5001"))
                .andExpect(jsonPath("$.name").value("Support"))
                .andExpect(jsonPath("$.admin_ids[0]").value("990001"));
    }

    @Test
    void anUnknownTeamIs404Problem() throws Exception {
        given(intercom.team("9999")).willThrow(new IntercomApiException(404, "team_not_found", "Team not found", "r-404", null));

        mvc.perform(get("/api/v1/teams/9999").with(withKey(TestCallers.FULL_KEY)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Team not found"))
                .andExpect(jsonPath("$.intercom_error_code").value("team_not_found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5001x", "-1", "1234567890123456789"})
    void aMalformedTeamIdIs400NamingTeamIdAndNeverReachesIntercom(String id) throws Exception {
        mvc.perform(get("/api/v1/teams/{team_id}", id).with(withKey(TestCallers.FULL_KEY)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("team_id"))
                .andExpect(jsonPath("$.errors[0].message").value("must be an Intercom team id (digits)"));
        verifyNoInteractions(intercom);
    }

    @Test
    void gettingOneNeedsAdminsRead() throws Exception {
        mvc.perform(get("/api/v1/teams/5001").with(withKey(TestCallers.READER_KEY)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/teams/5001")).andExpect(status().isUnauthorized());

        verifyNoInteractions(intercom);
    }
}
