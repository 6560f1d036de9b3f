package dev.intercomgateway.tags;

import static dev.intercomgateway.testsupport.TestCallers.withKey;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.testsupport.TestCallers;
import dev.intercomgateway.web.WebConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The tags endpoints' HTTP contract: status, body shape, refused input naming its field, scopes and acting-as. */
@WebMvcTest(TagController.class)
@Import({WebConfiguration.class, SecurityConfiguration.class})
class TagControllerTest {

    static final String USER = "6650a1000000000000000001";
    /** A caller with the tags scopes that may act only as admin 990001. */
    static final String TAGGER_KEY = "test-key-tagger-as-990001-only";

    @DynamicPropertySource
    static void callers(DynamicPropertyRegistry registry) {
        TestCallers.register(registry);
        registry.add("gateway.clients[11].name", () -> "tagger");
        registry.add("gateway.clients[11].key-sha256", () -> TestCallers.sha256(TAGGER_KEY));
        registry.add("gateway.clients[11].scopes", () -> "tags:read,tags:write");
        registry.add("gateway.clients[11].admin-ids", () -> "990001");
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TagService tags;

    @Test
    void listsTheWorkspacesTagsAsData() throws Exception {
        given(tags.list()).willReturn(new TagList(List.of(new Tag("7001", "vip"), new Tag("7002", "churn-risk"))));

        mvc.perform(get("/api/v1/tags").with(withKey(TestCallers.FULL_KEY)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.data.length()").value(2))
                .andExpect(jsonPath("$.data[0].id").value("7001"))
                .andExpect(jsonPath("$.data[0].name").value("vip"))
                .andExpect(jsonPath("$.data[1].name").value("churn-risk"));
    }

    @Test
    void tagsAUserByNameAndAnswersTheTag() throws Exception {
        given(tags.tagUser(USER, new TagRequest("vip", null))).willReturn(new Tag("7001", "vip"));

        mvc.perform(post("/api/v1/users/" + USER + "/tags").with(withKey(TestCallers.FULL_KEY)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"vip\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("7001"))
                .andExpect(jsonPath("$.name").value("vip"));
    }

    @Test
    void untagsAConversationAsTheAdminOfTheQuery() throws Exception {
        given(tags.untagConversation("42", "7001", "990001")).willReturn(new Tag("7001", "vip"));

        mvc.perform(delete("/api/v1/conversations/42/tags/7001").param("admin_id", "990001").with(withKey(TAGGER_KEY)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("7001"));

        verify(tags).untagConversation("42", "7001", "990001");
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /api/v1/users/6650a1000000000000000001/tags     | {"name":" "}                      | name
            POST   | /api/v1/users/6650a1000000000000000001/tags     | {}                                | name
            POST   | /api/v1/users/not%20an%20id/tags                 | {"name":"vip"}                    | id
            POST   | /api/v1/conversations/42/tags                    | {"name":"vip","admin_id":"ada"}   | admin_id
            POST   | /api/v1/conversations/abc/tags                   | {"name":"vip","admin_id":"990001"}| id
            DELETE | /api/v1/conversations/42/tags/7001               |                                   | admin_id
            DELETE | /api/v1/conversations/42/tags/7001?admin_id=ada  |                                   | admin_id
            DELETE | /api/v1/users/6650a1000000000000000001/tags/a%20b |                                  | tag_id
            """)
    void refusedInputIsAProblemNamingTheFieldAndReachesNoService(String method, String path, String body, String field) throws Exception {
        MockHttpServletRequestBuilder request = ("POST".equals(method) ? post(java.net.URI.create(path))
                : delete(java.net.URI.create(path))).with(withKey(TestCallers.FULL_KEY));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }

        mvc.perform(request)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItem(field)));

        verifyNoInteractions(tags);
    }

    @Test
    void aCallerWithoutTheTagsScopesIsRefused() throws Exception {
        mvc.perform(get("/api/v1/tags").with(withKey(TestCallers.READER_KEY))).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/users/" + USER + "/tags").with(withKey(TestCallers.READER_KEY)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"vip\"}")).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/tags")).andExpect(status().isUnauthorized());

        verifyNoInteractions(tags);
    }

    @Test
    void aCallerMayNotTagOrUntagAsAnotherAdmin() throws Exception {
        mvc.perform(post("/api/v1/conversations/42/tags").with(withKey(TAGGER_KEY)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"vip\",\"admin_id\":\"990002\"}")).andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/conversations/42/tags/7001").param("admin_id", "990002").with(withKey(TAGGER_KEY)))
                .andExpect(status().isForbidden());

        verifyNoInteractions(tags);
    }
}
