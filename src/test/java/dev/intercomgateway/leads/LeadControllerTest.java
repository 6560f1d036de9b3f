package dev.intercomgateway.leads;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactFields;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.web.WebConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(LeadController.class)
@Import({LeadService.class, WebConfiguration.class, SecurityConfiguration.class})
class LeadControllerTest {

    static Contact contact(String id, String role) {
        return new Contact(id, role, null, id + "@example.com", null, null, Instant.ofEpochSecond(1L), Instant.ofEpochSecond(1L), null, Map.of());
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IntercomClient intercom;

    @Test
    void createsALeadWithRoleLead() throws Exception {
        given(intercom.createContact(any(), any())).willReturn(contact("6650a1000000000000000009", "lead"));

        mvc.perform(post("/api/v1/leads").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"p@example.com\"}"))
                .andExpect(status().isCreated());

        verify(intercom).createContact(ContactRole.LEAD, new ContactFields(null, "p@example.com", null, null, null, null));
    }

    @Test
    void aUsersIdIsNoLead() throws Exception {
        given(intercom.contact("6650a1000000000000000001")).willReturn(contact("6650a1000000000000000001", "user"));

        mvc.perform(get("/api/v1/leads/6650a1000000000000000001")).andExpect(status().isNotFound());
    }

    @Test
    void convertingIntoAnotherLeadIs400AndMergesNothing() throws Exception {
        given(intercom.contact("6650a1000000000000000009")).willReturn(contact("6650a1000000000000000009", "lead"));
        given(intercom.contact("6650a1000000000000000008")).willReturn(contact("6650a1000000000000000008", "lead"));

        mvc.perform(post("/api/v1/leads/6650a1000000000000000009/convert").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user_id\":\"6650a1000000000000000008\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("user_id"));
        verify(intercom, never()).mergeLeadIntoUser(any(), any());
    }

    @Test
    void aLeadWithNothingKnownIs400() throws Exception {
        mvc.perform(post("/api/v1/leads").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("email, name or phone is required"));
        verifyNoInteractions(intercom);
    }
}
