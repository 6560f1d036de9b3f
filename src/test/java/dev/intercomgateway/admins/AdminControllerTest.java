package dev.intercomgateway.admins;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.WorkspaceAdmin;
import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.web.WebConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(AdminController.class)
@Import({WebConfiguration.class, SecurityConfiguration.class})
class AdminControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IntercomClient intercom;

    @Test
    void listsAdmins() throws Exception {
        given(intercom.admins()).willReturn(List.of(new WorkspaceAdmin("990001", "Ada", "ada@example.com", "Support lead", true, false)));

        mvc.perform(get("/api/v1/admins"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].id").value("990001"))
                .andExpect(jsonPath("$.data[0].job_title").value("Support lead"))
                .andExpect(jsonPath("$.data[0].away_mode_enabled").value(true))
                .andExpect(jsonPath("$.data[0].has_inbox_seat").value(false));
    }

    @Test
    void forbiddenTokenIs502() throws Exception {
        given(intercom.admins()).willThrow(new IntercomApiException(403, "forbidden", "Token lacks access", "r", null));

        mvc.perform(get("/api/v1/admins"))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("credentials")))
                .andExpect(jsonPath("$.intercom_error_code").value("forbidden"));
    }

    @Test
    void aPlanWithoutTheFeatureIs403SayingSo() throws Exception {
        given(intercom.admins()).willThrow(new IntercomApiException(403, "api_plan_restricted", "Active subscription needed", "r", null));

        mvc.perform(get("/api/v1/admins"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("plan does not include this feature")))
                .andExpect(jsonPath("$.intercom_error_code").value("api_plan_restricted"));
    }
}
