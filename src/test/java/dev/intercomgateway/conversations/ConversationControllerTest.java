package dev.intercomgateway.conversations;

import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.AdminMessage;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ConversationQuery;
import dev.intercomgateway.intercom.workspace.ConversationThread;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.intercom.workspace.SentMessage;
import dev.intercomgateway.intercom.workspace.WorkspaceTeam;
import dev.intercomgateway.security.SecurityConfiguration;
import dev.intercomgateway.web.WebConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ConversationController.class)
@Import({ConversationService.class, WebConfiguration.class, SecurityConfiguration.class})
class ConversationControllerTest {

    static final ConversationThread CONVERSATION = new ConversationThread("42", "Invoices", "open", true, Instant.ofEpochSecond(100),
            Instant.ofEpochSecond(300), "990001", null, null, List.of("6650a1000000000000000001"), List.of(),
            new ConversationThread.Part("s1", null, new ConversationThread.Author("user", "6650a1000000000000000001", "Grace"), "How do I export?",
                    Instant.ofEpochSecond(100)),
            List.of(new ConversationThread.Part("p2", "comment", new ConversationThread.Author("admin", "990001", "Ada"), "Billing > Export",
                            Instant.ofEpochSecond(200)),
                    new ConversationThread.Part("p3", "comment", new ConversationThread.Author("user", "6650a1000000000000000001", "Grace"), "Thanks!",
                            Instant.ofEpochSecond(300))),
            2);

    static final ConversationQuery ANY = new ConversationQuery(null, null, null, null, null, null, null);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IntercomClient intercom;

    @Test
    void getsConversationWithThreadOldestFirstOpeningMessageFirst() throws Exception {
        given(intercom.conversation("42")).willReturn(CONVERSATION);

        mvc.perform(get("/api/v1/conversations/42"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("42"))
                .andExpect(jsonPath("$.admin_assignee_id").value("990001"))
                .andExpect(jsonPath("$.contact_ids[0]").value("6650a1000000000000000001"))
                .andExpect(jsonPath("$.parts[0].part_type").value("opening_message"))
                .andExpect(jsonPath("$.parts[0].body").value("How do I export?"))
                .andExpect(jsonPath("$.parts[0].author.type").value("user"))
                .andExpect(jsonPath("$.parts[0].created_at").value("1970-01-01T00:01:40Z"))
                .andExpect(jsonPath("$.parts[1].id").value("p2"))
                .andExpect(jsonPath("$.parts[1].author.id").value("990001"))
                .andExpect(jsonPath("$.parts[2].id").value("p3"));
    }

    @Test
    void aLongThreadSaysHowManyPartsThereAreAndThatOlderOnesAreMissing() throws Exception {
        var truncated = new ConversationThread("43", null, "open", true, Instant.ofEpochSecond(100), Instant.ofEpochSecond(300), null, null, null,
                CONVERSATION.contactIds(), List.of(), CONVERSATION.opening(), CONVERSATION.parts(), 731);
        given(intercom.conversation("43")).willReturn(truncated);

        mvc.perform(get("/api/v1/conversations/43"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.admin_assignee_id").isEmpty())
                .andExpect(jsonPath("$.parts.length()").value(3))
                .andExpect(jsonPath("$.parts_total").value(732))
                .andExpect(jsonPath("$.parts_truncated").value(true));
    }

    @Test
    void aWholeThreadIsNotTruncated() throws Exception {
        given(intercom.conversation("42")).willReturn(CONVERSATION);

        mvc.perform(get("/api/v1/conversations/42"))
                .andExpect(jsonPath("$.parts_total").value(3))
                .andExpect(jsonPath("$.parts_truncated").value(false));
    }

    @Test
    void closingSendsIntercomsCloseShapeWithTheNote() throws Exception {
        given(intercom.close(eq("42"), any(), any())).willReturn(CONVERSATION);

        mvc.perform(post("/api/v1/conversations/42/close").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"admin_id\":\"990001\",\"body\":\"Solved\"}"))
                .andExpect(status().isOk());

        verify(intercom).close("42", "990001", "Solved");
    }

    @Test
    void snoozingTakesAFutureTimeAsUnixSeconds() throws Exception {
        given(intercom.snooze(eq("42"), any(), any())).willReturn(CONVERSATION);
        long until = java.time.Instant.now().plus(java.time.Duration.ofDays(30)).getEpochSecond();

        mvc.perform(post("/api/v1/conversations/42/snooze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"admin_id\":\"990001\",\"snoozed_until\":\"" + java.time.Instant.ofEpochSecond(until) + "\"}"))
                .andExpect(status().isOk());

        verify(intercom).snooze("42", "990001", Instant.ofEpochSecond(until));
    }

    @Test
    void assigningToAnUnknownTeamIs400AndWritesNothing() throws Exception {
        given(intercom.teams()).willReturn(List.of(new WorkspaceTeam("5001", "Support", List.of("990001"))));

        mvc.perform(post("/api/v1/conversations/42/assign").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"team\",\"id\":\"7777\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("assignee.id"));
        verify(intercom, never()).assign(any(), any(), any(), any(), any());
    }

    @Test
    void unassigningAssignsToNobody() throws Exception {
        given(intercom.unassign(eq("42"), any(), any())).willReturn(CONVERSATION);

        mvc.perform(post("/api/v1/conversations/42/unassign").contentType(MediaType.APPLICATION_JSON).content("{\"admin_id\":\"990001\"}"))
                .andExpect(status().isOk());

        verify(intercom).unassign("42", "990001", null);
    }

    @Test
    void unassigningSendsItsNoteAsTheAssignmentsBody() throws Exception {
        given(intercom.unassign(eq("42"), any(), any())).willReturn(CONVERSATION);

        mvc.perform(post("/api/v1/conversations/42/unassign").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"admin_id\":\"990001\",\"body\":\"unassign-note\"}"))
                .andExpect(status().isOk());

        verify(intercom).unassign("42", "990001", "unassign-note");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/snooze|{\"admin_id\":\"990001\",\"snoozed_until\":\"2001-01-01T00:00:00Z\"}",
            "/snooze|{\"admin_id\":\"990001\"}",
            "/close|{}",
            "/close|{\"admin_id\":\"990001\",\"body\":\"  \"}",
            "/unassign|{\"admin_id\":\"990001\",\"body\":\"\"}",
            "/unassign|{\"admin_id\":\"990001\",\"body\":\"\\n\\t\"}",
            "/assign|{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"admin\",\"id\":\"990002\"},\"body\":\" \"}",
            "/close|{\"admin_id\":\"ada\"}",
            "/open|{\"admin_id\":\"\"}",
            "/assign|{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"bot\",\"id\":\"1\"}}",
            "/assign|{\"admin_id\":\"990001\"}",
            "/unassign|{}"})
    void invalidActionsAre400AndNeverReachIntercom(String pathAndBody) throws Exception {
        String[] parts = pathAndBody.split("\\|", 2);
        mvc.perform(post("/api/v1/conversations/42" + parts[0]).contentType(MediaType.APPLICATION_JSON).content(parts[1]))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors").isNotEmpty());
        verifyNoInteractions(intercom);
    }

    @Test
    void filtersBecomeOneIntercomSearchWithEveryFilterAnded() throws Exception {
        given(intercom.conversations(any(), eq(20), eq(null))).willReturn(new Page<>(List.of(CONVERSATION), null));

        mvc.perform(get("/api/v1/conversations").param("state", "open").param("open", "true").param("admin_assignee_id", "990001")
                        .param("contact_id", "6650a1000000000000000001").param("created_after", "2024-01-01T00:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].id").value("42"));

        // one query with every filter; the client makes it one search, every filter ANDed (WireMappingTest)
        verify(intercom).conversations(new ConversationQuery("open", true, "990001", null, "6650a1000000000000000001",
                Instant.ofEpochSecond(1704067200L), null), 20, null);
        verify(intercom, never()).conversations(eq(ANY), anyInt(), any());
    }

    @Test
    void listsSummariesWithCursor() throws Exception {
        given(intercom.conversations(ANY, 2, "WzQyXQ==")).willReturn(new Page<>(List.of(CONVERSATION), "WzQzXQ=="));

        mvc.perform(get("/api/v1/conversations").param("limit", "2").param("cursor", "WzQyXQ=="))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].id").value("42"))
                .andExpect(jsonPath("$.data[0].parts").doesNotExist())
                .andExpect(jsonPath("$.next_cursor").value("WzQzXQ=="));
    }

    @Test
    void userStartsConversation() throws Exception {
        given(intercom.startAsContact(any(), any())).willReturn(new SentMessage("m1", "77"));

        mvc.perform(post("/api/v1/conversations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":{\"type\":\"user\",\"id\":\"6650a1000000000000000001\"},\"body\":\"Hi\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/conversations/77"))
                .andExpect(jsonPath("$.id").value("77"))
                .andExpect(jsonPath("$.message_id").value("m1"));

        verify(intercom).startAsContact("6650a1000000000000000001", "Hi");
    }

    @Test
    void aLeadStartsAConversationToo() throws Exception {
        given(intercom.startAsContact(any(), any())).willReturn(new SentMessage("m1", "77"));

        mvc.perform(post("/api/v1/conversations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":{\"type\":\"lead\",\"id\":\"6650a2000000000000000002\"},\"body\":\"Hi\"}"))
                .andExpect(status().isCreated());

        verify(intercom).startAsContact("6650a2000000000000000002", "Hi");
    }

    static Contact contact(String id, String role) {
        return new Contact(id, role, null, id + "@example.com", null, null, null, Instant.ofEpochSecond(1L), Instant.ofEpochSecond(1L), Map.of());
    }

    @Test
    void adminMessageToALeadIsAddressedToALeadAsAnInAppMessage() throws Exception {
        given(intercom.contact("6650a2000000000000000002")).willReturn(contact("6650a2000000000000000002", "lead"));
        given(intercom.send(any())).willReturn(new SentMessage("m3", "89"));

        mvc.perform(post("/api/v1/conversations").contentType(MediaType.APPLICATION_JSON).content("""
                        {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a2000000000000000002"},"message_type":"inapp","body":"Hello"}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.message_type").value("in_app"))
                .andExpect(jsonPath("$.conversation_known").value(true));

        // addressed to a lead, in-app: WireMappingTest shows Intercom's shape of it
        verify(intercom).send(new AdminMessage("990001", contact("6650a2000000000000000002", "lead"), false, null, "Hello", "plain"));
    }

    /** Both spellings are taken; Intercom gets its SDKs' {@code inapp}, the answer says the API's {@code in_app}. */
    @ParameterizedTest
    @ValueSource(strings = {"inapp", "in_app"})
    void eitherSpellingOfAnInAppMessageSendsInappAndAnswersInApp(String spelling) throws Exception {
        given(intercom.contact("6650a1000000000000000001")).willReturn(contact("6650a1000000000000000001", "user"));
        given(intercom.send(any())).willReturn(new SentMessage("m5", "90"));

        mvc.perform(post("/api/v1/conversations").contentType(MediaType.APPLICATION_JSON).content("""
                        {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"%s","body":"Hello"}"""
                        .formatted(spelling)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.message_type").value("in_app"));

        verify(intercom).send(new AdminMessage("990001", contact("6650a1000000000000000001", "user"), false, null, "Hello", "plain"));
    }

    @Test
    void aMessageIntercomSentWithoutAConversationIs201WithTheMessageIdNotAnError() throws Exception {
        given(intercom.contact("6650a1000000000000000001")).willReturn(contact("6650a1000000000000000001", "user"));
        given(intercom.send(any())).willReturn(new SentMessage("m4", null));

        mvc.perform(post("/api/v1/conversations").contentType(MediaType.APPLICATION_JSON).content("""
                        {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"in_app","body":"Hello",
                         "assignee":{"type":"admin","id":"990002"}}"""))
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist("Location"))
                .andExpect(jsonPath("$.id").isEmpty())
                .andExpect(jsonPath("$.message_id").value("m4"))
                .andExpect(jsonPath("$.conversation_known").value(false))
                .andExpect(jsonPath("$.assignment_error").isNotEmpty());

        verify(intercom, never()).assign(any(), any(), any(), any(), any());
    }

    @Test
    void adminMessageWithAssigneeSendsThenAssigns() throws Exception {
        given(intercom.contact("6650a1000000000000000001")).willReturn(contact("6650a1000000000000000001", "user"));
        given(intercom.send(any())).willReturn(new SentMessage("m2", "88"));
        given(intercom.assign(eq("88"), any(), any(), any(), any())).willReturn(CONVERSATION);

        mvc.perform(post("/api/v1/conversations").contentType(MediaType.APPLICATION_JSON).content("""
                        {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"email",
                         "subject":"Welcome","body":"Hello","assignee":{"type":"admin","id":"990002"}}"""))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/conversations/88"))
                .andExpect(jsonPath("$.assignee_id").value("990002"))
                .andExpect(jsonPath("$.assignment_error").isEmpty());

        verify(intercom).send(new AdminMessage("990001", contact("6650a1000000000000000001", "user"), true, "Welcome", "Hello", "plain"));
        verify(intercom).assign("88", "990001", "admin", "990002", null);
    }

    @Test
    void failedAssignmentStillAnswers201SoTheMessageIsNotSentTwice() throws Exception {
        given(intercom.contact("6650a1000000000000000001")).willReturn(contact("6650a1000000000000000001", "user"));
        given(intercom.send(any())).willReturn(new SentMessage("m2", "88"));
        given(intercom.assign(eq("88"), any(), any(), any(), any())).willThrow(new IntercomApiException(404, "not_found", "Admin not found", "r", null));

        mvc.perform(post("/api/v1/conversations").contentType(MediaType.APPLICATION_JSON).content("""
                        {"from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1000000000000000001"},"message_type":"inapp",
                         "body":"Hello","assignee":{"type":"admin","id":"999999"}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value("88"))
                .andExpect(jsonPath("$.assignee_id").isEmpty())
                .andExpect(jsonPath("$.assignment_error").value("Admin not found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"user\",\"id\":\"6650a1000000000000000001\"}}",
            "{\"from\":{\"type\":\"user\",\"id\":\"6650a1000000000000000001\"},\"body\":\"  \"}",
            "{\"from\":{\"type\":\"bot\",\"id\":\"1\"},\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"user\",\"id\":\"../me\"},\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"user\",\"id\":\"6650a1000000000000000001\"},\"to\":{\"type\":\"user\",\"id\":\"2\"},\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"admin\",\"id\":\"1\"},\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"admin\",\"id\":\"1\"},\"to\":{\"type\":\"admin\",\"id\":\"2\"},\"message_type\":\"inapp\",\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"admin\",\"id\":\"1\"},\"to\":{\"type\":\"user\",\"id\":\"2\"},\"message_type\":\"sms\",\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"admin\",\"id\":\"1\"},\"to\":{\"type\":\"user\",\"id\":\"2\"},\"message_type\":\"email\",\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"admin\",\"id\":\"1\"},\"to\":{\"type\":\"user\",\"id\":\"2\"},\"message_type\":\"inapp\",\"body\":\"Hi\",\"assignee\":{\"type\":\"user\",\"id\":\"3\"}}",
            "{\"from\":{\"type\":\"admin\",\"id\":\"ada\"},\"to\":{\"type\":\"user\",\"id\":\"2\"},\"message_type\":\"in_app\",\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"admin\",\"id\":\"1\"},\"to\":{\"type\":\"user\",\"id\":\"2\"},\"message_type\":\"email\",\"subject\":\"S\",\"template\":\"fancy\",\"body\":\"Hi\"}",
            "{\"from\":{\"type\":\"admin\",\"id\":\"1\"},\"to\":{\"type\":\"user\",\"id\":\"2\"},\"message_type\":\"in_app\",\"template\":\"plain\",\"body\":\"Hi\"}"})
    void invalidStartRequestsAre400AndNeverReachIntercom(String body) throws Exception {
        mvc.perform(post("/api/v1/conversations").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors").isNotEmpty());
        verifyNoInteractions(intercom);
    }

    @Test
    void adminRepliesWithNote() throws Exception {
        given(intercom.replyAsAdmin(eq("42"), any(), any(), any())).willReturn(CONVERSATION);

        mvc.perform(post("/api/v1/conversations/42/replies").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"body\":\"Internal\",\"message_type\":\"note\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.parts[0].part_type").value("opening_message"));

        verify(intercom).replyAsAdmin("42", "990001", "note", "Internal");
    }

    @Test
    void userRepliesWithCommentByDefault() throws Exception {
        given(intercom.replyAsContact(eq("42"), any(), any())).willReturn(CONVERSATION);

        mvc.perform(post("/api/v1/conversations/42/replies").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":{\"type\":\"user\",\"id\":\"6650a1000000000000000001\"},\"body\":\"Thanks\"}"))
                .andExpect(status().isOk());

        verify(intercom).replyAsContact("42", "6650a1000000000000000001", "Thanks");
    }

    @Test
    void userCannotAddNote() throws Exception {
        mvc.perform(post("/api/v1/conversations/42/replies").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":{\"type\":\"user\",\"id\":\"6650a1000000000000000001\"},\"body\":\"x\",\"message_type\":\"note\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].message").value(hasItem("only an admin can add a note")));
        verify(intercom, never()).replyAsContact(any(), any(), any());
        verify(intercom, never()).replyAsAdmin(any(), any(), any(), any());
    }

    @Test
    void invalidReplyBodyNamesTheField() throws Exception {
        mvc.perform(post("/api/v1/conversations/42/replies").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"body\":\"\",\"message_type\":\"shout\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("body")))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("message_type")));
        verifyNoInteractions(intercom);
    }

    @Test
    void replyToUnknownConversationIs404() throws Exception {
        given(intercom.replyAsAdmin(eq("404404"), any(), any(), any())).willThrow(new IntercomApiException(404, "not_found", "Conversation Not Found", "r", null));

        mvc.perform(post("/api/v1/conversations/404404/replies").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"body\":\"x\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.intercom_error_code").value("not_found"));
    }

    @Test
    void malformedConversationIdIs400() throws Exception {
        mvc.perform(get("/api/v1/conversations/{id}", "4 2")).andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/conversations/{id}/replies", "a.b").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"body\":\"x\"}"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(intercom);
    }

    @Test
    void listLimitOver150Is400() throws Exception {
        mvc.perform(get("/api/v1/conversations").param("limit", "151")).andExpect(status().isBadRequest());
        verifyNoInteractions(intercom);
    }

    @Autowired
    ConversationController controller;

    /** Method security on the handlers themselves: the scope (@RequiresScope), then the admin acted as (@ActsAsAdmin), before Intercom. */
    @Test
    void theHandlersCheckTheScopeAndTheAdminActedAs() {
        given(intercom.close(eq("42"), any(), any())).willReturn(CONVERSATION);
        var participant990002 = new dev.intercomgateway.conversations.Participant("admin", "990002");
        List<Runnable> asOther = List.of(() -> controller.close("42", new CloseRequest("990002", null)),
                () -> controller.open("42", new AdminActionRequest("990002")),
                () -> controller.snooze("42", new SnoozeRequest("990002", java.time.Instant.now().plusSeconds(3600))),
                () -> controller.unassign("42", new UnassignRequest("990002", null)),
                () -> controller.reply("42", new ReplyRequest(participant990002, "Hi", null)));
        try {
            actingAs("conversations:manage", "conversations:write");
            for (Runnable call : asOther) {
                org.assertj.core.api.Assertions.assertThatThrownBy(call::run)
                        .isInstanceOf(org.springframework.security.access.AccessDeniedException.class)
                        .hasMessage("This caller may not act as admin 990002");
            }
            verifyNoInteractions(intercom);
            controller.close("42", new CloseRequest("990001", null));
            verify(intercom).close("42", "990001", null);

            actingAs("conversations:write");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> controller.close("42", new CloseRequest("990001", null)))
                    .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
            verify(intercom).close(any(), any(), any());
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    private static void actingAs(String... scopes) {
        List<String> authorities = new java.util.ArrayList<>(List.of("ADMIN_990001"));
        for (String scope : scopes) {
            authorities.add("SCOPE_" + scope);
        }
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                new org.springframework.security.authentication.TestingAuthenticationToken("desk", null, authorities.toArray(String[]::new)));
    }
}
