package dev.intercomgateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.web.WebConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The NDJSON export's lines: users, a checkpoint after each page but the last, and an end line that only a complete walk writes. */
@WebMvcTest(UserController.class)
@Import({UserService.class, WebConfiguration.class, SecurityConfiguration.class})
class UserExportTest {

    static final String END = "{\"next_cursor\":null,\"complete\":true,\"count\":%d}";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IntercomClient intercom;

    private static Contact user(int n) {
        return new Contact("6650a" + n, "user", "ext-" + n, "u" + n + "@example.com", null, "User " + n,
                Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_700_000_000L), null, Map.of());
    }

    private static Page<Contact> page(String next, Contact... users) {
        return new Page<>(List.of(users), next);
    }

    private List<String> export(String query) throws Exception {
        MvcResult started = mvc.perform(get("/api/v1/users/export" + query)).andExpect(request().asyncStarted()).andReturn();
        String body = mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return body.lines().toList();
    }

    @Test
    void aCompleteExportEndsWithTheEndLineCountingItsUsers() throws Exception {
        given(intercom.contacts(eq(ContactRole.USER), isNull(), isNull(), eq(2), isNull())).willReturn(page("c2", user(1), user(2)));
        given(intercom.contacts(eq(ContactRole.USER), isNull(), isNull(), eq(2), eq("c2"))).willReturn(page(null, user(3)));

        List<String> lines = export("?page_size=2");

        assertThat(lines).hasSize(5);
        assertThat(JSON.readTree(lines.get(2)).get("next_cursor").asString()).isEqualTo("c2");
        assertThat(lines.getLast()).isEqualTo(END.formatted(3));
        JsonNode end = JSON.readTree(lines.getLast());
        assertThat(end.get("next_cursor").isNull()).isTrue();
        assertThat(end.get("complete").asBoolean()).isTrue();
    }

    @Test
    void anEmptyExportIsOnlyTheEndLine() throws Exception {
        given(intercom.contacts(eq(ContactRole.USER), isNull(), isNull(), eq(150), isNull())).willReturn(page(null));

        assertThat(export("")).containsExactly(END.formatted(0));
    }

    @Test
    void aResumedExportCountsTheUsersOfThisAnswer() throws Exception {
        given(intercom.contacts(eq(ContactRole.USER), isNull(), isNull(), eq(2), eq("c2"))).willReturn(page("c3", user(3), user(4)));
        given(intercom.contacts(eq(ContactRole.USER), isNull(), isNull(), eq(2), eq("c3"))).willReturn(page(null, user(5)));

        List<String> lines = export("?page_size=2&cursor=c2");

        assertThat(lines).hasSize(5).last().isEqualTo(END.formatted(3));
    }

    @Test
    void aWalkThatFailsAfterTheFirstPageWritesNoEndLine() {
        given(intercom.contacts(eq(ContactRole.USER), isNull(), isNull(), eq(2), isNull())).willReturn(page("c2", user(1), user(2)));
        given(intercom.contacts(eq(ContactRole.USER), isNull(), isNull(), eq(2), eq("c2")))
                .willThrow(new IntercomApiException(500, "server_error", "boom", "r", null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> new UserExport(intercom, JSON, null, 2).writeTo(out)).isInstanceOf(IntercomApiException.class);

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3).noneMatch(line -> line.contains("complete"));
        assertThat(lines.getLast()).isEqualTo("{\"next_cursor\":\"c2\"}");
    }
}
