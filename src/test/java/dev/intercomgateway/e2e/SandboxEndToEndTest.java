package dev.intercomgateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.IntercomEndpoint;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The whole service on its built-in sandbox, called over HTTP as an internal app and ops would. */
@GatewayTest(testCallers = false)
class SandboxEndToEndTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    IntercomEndpoint endpoint;

    HttpCaller api;
    HttpCaller ops;

    @BeforeEach
    void setUp() {
        api = new HttpCaller("http://localhost:" + port);
        ops = new HttpCaller("http://localhost:" + managementPort);
    }

    @Test
    void runsOnTheSandboxOverHttp() {
        assertThat(endpoint.sandbox()).isTrue();
        assertThat(endpoint.baseUrl().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void everyAnswerSaysItComesFromTheSandbox() {
        assertThat(api.get("/api/v1/admins").header("Intercom-Gateway-Mode")).isEqualTo("sandbox");
        assertThat(api.get("/api/v1/users/does-not-exist").header("Intercom-Gateway-Mode")).isEqualTo("sandbox");
        assertThat(api.post("/api/v1/users", "{}").header("Intercom-Gateway-Mode")).isEqualTo("sandbox");
    }

    @Test
    void userLifecycle() {
        String email = "e2e-" + UUID.randomUUID() + "@example.com";
        var created = api.post("/api/v1/users", """
                {"email":"%s","name":"Edsger","signed_up_at":"2024-05-01T09:30:00Z","custom_attributes":{"plan":"pro"}}""".formatted(email));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/users/" + id);
        assertThat(created.json().get("signed_up_at").asString()).isEqualTo("2024-05-01T09:30:00Z");

        var fetched = api.get(created.header("Location"));
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("email").asString()).isEqualTo(email);
        assertThat(fetched.json().get("custom_attributes").get("plan").asString()).isEqualTo("pro");

        var duplicate = api.post("/api/v1/users", "{\"email\":\"%s\"}".formatted(email));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.header("Content-Type")).startsWith("application/problem+json");
        assertThat(duplicate.json().get("intercom_error_code").asString()).isEqualTo("conflict");

        var patched = api.patch("/api/v1/users/" + id, "{\"name\":\"Edsger W. Dijkstra\",\"custom_attributes\":{\"seats\":3}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("name").asString()).isEqualTo("Edsger W. Dijkstra");
        assertThat(patched.json().get("custom_attributes").get("plan").asString()).isEqualTo("pro");
        assertThat(patched.json().get("custom_attributes").get("seats").asInt()).isEqualTo(3);

        var found = api.get("/api/v1/users?email=" + email);
        assertThat(found.json().get("data")).hasSize(1);
        assertThat(found.json().get("data").get(0).get("id").asString()).isEqualTo(id);

        assertThat(api.delete("/api/v1/users/" + id).status()).isEqualTo(204);
        var gone = api.get("/api/v1/users/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void cursorWalksEveryPageOnce() {
        String batch = "walk-" + UUID.randomUUID();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            var answer = api.post("/api/v1/users", "{\"external_id\":\"%s-%d\",\"name\":\"Walker %d\"}".formatted(batch, i, i));
            assertThat(answer.status()).isEqualTo(201);
            created.add(answer.json().get("id").asString());
        }

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            var page = api.get("/api/v1/users?limit=2" + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("data").size()).isBetween(1, 2);
            page.json().get("data").forEach(user -> seen.add(user.get("id").asString()));
            JsonNode next = page.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(pages).isGreaterThanOrEqualTo(4);
        assertThat(seen).doesNotHaveDuplicates().containsAll(created);
    }

    @Test
    void adminStartsAssignedConversationThenThreadReadsBackInOrder() {
        var admins = api.get("/api/v1/admins");
        assertThat(admins.status()).isEqualTo(200);
        String sender = admins.json().get("data").get(0).get("id").asString();
        String assignee = admins.json().get("data").get(1).get("id").asString();
        String user = api.post("/api/v1/users", "{\"email\":\"conv-%s@example.com\",\"name\":\"Barbara\"}".formatted(UUID.randomUUID()))
                .json().get("id").asString();

        var started = api.post("/api/v1/conversations", """
                {"from":{"type":"admin","id":"%s"},"to":{"type":"user","id":"%s"},"message_type":"email",
                 "subject":"Welcome","body":"Welcome aboard!","assignee":{"type":"admin","id":"%s"}}""".formatted(sender, user, assignee));
        assertThat(started.status()).isEqualTo(201);
        String conversationId = started.json().get("id").asString();
        assertThat(started.header("Location")).isEqualTo("/api/v1/conversations/" + conversationId);
        assertThat(started.json().get("assignee_id").asString()).isEqualTo(assignee);

        assertThat(api.post("/api/v1/conversations/" + conversationId + "/replies",
                "{\"from\":{\"type\":\"user\",\"id\":\"%s\"},\"body\":\"Thanks!\"}".formatted(user)).status()).isEqualTo(200);
        var afterNote = api.post("/api/v1/conversations/" + conversationId + "/replies",
                "{\"from\":{\"type\":\"admin\",\"id\":\"%s\"},\"body\":\"Happy customer\",\"message_type\":\"note\"}".formatted(assignee));
        assertThat(afterNote.status()).isEqualTo(200);

        var thread = api.get("/api/v1/conversations/" + conversationId);
        assertThat(thread.status()).isEqualTo(200);
        assertThat(thread.json().get("admin_assignee_id").asString()).isEqualTo(assignee);
        assertThat(thread.json().get("contact_ids").get(0).asString()).isEqualTo(user);
        List<String> types = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        List<String> times = new ArrayList<>();
        thread.json().get("parts").forEach(part -> {
            types.add(part.get("part_type").asString());
            bodies.add(part.get("body").isNull() ? null : part.get("body").asString());
            times.add(part.get("created_at").asString());
        });
        assertThat(types).containsExactly("opening_message", "assignment", "comment", "note");
        assertThat(bodies.getFirst()).isEqualTo("Welcome aboard!");
        assertThat(bodies.subList(2, 4)).containsExactly("Thanks!", "Happy customer");
        assertThat(times).isSorted();
        assertThat(thread.json().get("parts").get(0).get("author").get("id").asString()).isEqualTo(sender);

        var listed = api.get("/api/v1/conversations?limit=1");
        assertThat(listed.json().get("data").get(0).get("id").asString()).isEqualTo(conversationId);
        assertThat(listed.json().get("next_cursor").isNull()).isFalse();
    }

    @Test
    void userStartsConversation() {
        String user = api.post("/api/v1/users", "{\"external_id\":\"starter-%s\"}".formatted(UUID.randomUUID())).json().get("id").asString();

        var started = api.post("/api/v1/conversations", "{\"from\":{\"type\":\"user\",\"id\":\"%s\"},\"body\":\"Help!\"}".formatted(user));

        assertThat(started.status()).isEqualTo(201);
        var thread = api.get(started.header("Location"));
        assertThat(thread.json().get("parts").get(0).get("body").asString()).isEqualTo("Help!");
        assertThat(thread.json().get("parts").get(0).get("author").get("type").asString()).isEqualTo("user");
    }

    static final String SEEDED_LEAD = "665000000000000000000006";

    @Test
    void anAdminWritesToALeadAndTheLeadAnswersInAConversationOfItsOwn() {
        var message = api.post("/api/v1/conversations", """
                {"from":{"type":"admin","id":"990001"},"to":{"type":"lead","id":"%s"},"message_type":"inapp","body":"Can we help?"}"""
                .formatted(SEEDED_LEAD));
        assertThat(message.status()).isEqualTo(201);
        assertThat(message.json().get("message_type").asString()).isEqualTo("in_app");
        assertThat(message.json().get("conversation_known").asBoolean()).isTrue();

        var started = api.post("/api/v1/conversations", "{\"from\":{\"type\":\"lead\",\"id\":\"%s\"},\"body\":\"Pricing?\"}".formatted(SEEDED_LEAD));
        assertThat(started.status()).isEqualTo(201);
        var conversation = api.get(started.header("Location"));
        assertThat(conversation.json().get("contact_ids").get(0).asString()).isEqualTo(SEEDED_LEAD);
        assertThat(conversation.json().get("admin_assignee_id").isNull()).isTrue();
        assertThat(conversation.json().get("parts_total").asInt()).isEqualTo(1);
        assertThat(conversation.json().get("parts_truncated").asBoolean()).isFalse();
    }

    @Test
    void anAdminEmailTakesATemplate() {
        var email = api.post("/api/v1/conversations", """
                {"from":{"type":"admin","id":"990002"},"to":{"type":"user","id":"665000000000000000000004"},"message_type":"email",
                 "subject":"Your plan","template":"personal","body":"Hi Alan"}""");
        assertThat(email.status()).isEqualTo(201);
        assertThat(email.json().get("message_type").asString()).isEqualTo("email");

        var badTemplate = api.post("/api/v1/conversations", """
                {"from":{"type":"admin","id":"990002"},"to":{"type":"user","id":"665000000000000000000004"},"message_type":"email",
                 "subject":"Your plan","template":"fancy","body":"Hi Alan"}""");
        assertThat(badTemplate.status()).isEqualTo(400);
    }

    @Test
    void aSupportToolClosesSnoozesReopensAndHandsAConversationToATeam() {
        var teams = api.get("/api/v1/teams");
        assertThat(teams.status()).isEqualTo(200);
        assertThat(teams.json().get("data").get(0).get("id").asString()).isEqualTo("5001");
        var team = api.get("/api/v1/teams/5002");
        assertThat(team.status()).isEqualTo(200);
        assertThat(team.json().get("name").asString()).isEqualTo(teams.json().get("data").get(1).get("name").asString());
        assertThat(team.json().get("admin_ids")).isEqualTo(teams.json().get("data").get(1).get("admin_ids"));
        assertThat(api.get("/api/v1/teams/4040404").status()).isEqualTo(404);
        String id = api.post("/api/v1/conversations", "{\"from\":{\"type\":\"user\",\"id\":\"665000000000000000000005\"},\"body\":\"Refund?\"}")
                .json().get("id").asString();

        var toTeam = api.post("/api/v1/conversations/" + id + "/assign", "{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"team\",\"id\":\"5002\"}}");
        assertThat(toTeam.status()).isEqualTo(200);
        assertThat(toTeam.json().get("team_assignee_id").asString()).isEqualTo("5002");
        var toAdmin = api.post("/api/v1/conversations/" + id + "/assign", "{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"admin\",\"id\":\"990002\"},\"body\":\"Yours\"}");
        assertThat(toAdmin.json().get("admin_assignee_id").asString()).isEqualTo("990002");

        String until = java.time.Instant.now().plus(java.time.Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        var snoozed = api.post("/api/v1/conversations/" + id + "/snooze", "{\"admin_id\":\"990002\",\"snoozed_until\":\"" + until + "\"}");
        assertThat(snoozed.json().get("state").asString()).isEqualTo("snoozed");
        assertThat(snoozed.json().get("snoozed_until").asString()).isEqualTo(until);
        var reopened = api.post("/api/v1/conversations/" + id + "/open", "{\"admin_id\":\"990002\"}");
        assertThat(reopened.json().get("state").asString()).isEqualTo("open");
        assertThat(reopened.json().get("snoozed_until").isNull()).isTrue();

        var closed = api.post("/api/v1/conversations/" + id + "/close", "{\"admin_id\":\"990002\",\"body\":\"Refunded.\"}");
        assertThat(closed.json().get("state").asString()).isEqualTo("closed");
        assertThat(closed.json().get("open").asBoolean()).isFalse();
        var unassigned = api.post("/api/v1/conversations/" + id + "/unassign", "{\"admin_id\":\"990002\"}");
        assertThat(unassigned.json().get("admin_assignee_id").isNull()).isTrue();
        assertThat(unassigned.json().get("team_assignee_id").isNull()).isTrue();

        var unknownTeam = api.post("/api/v1/conversations/" + id + "/assign", "{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"team\",\"id\":\"7777\"}}");
        assertThat(unknownTeam.status()).isEqualTo(400);
        var past = api.post("/api/v1/conversations/" + id + "/snooze", "{\"admin_id\":\"990001\",\"snoozed_until\":\"2001-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(400);
    }

    /** Every manage request whose description takes a body (close, assignment to an admin, a team or nobody) keeps it as its part's body. */
    @Test
    void everyManageBodySurvivesAsItsPartsBody() {
        String id = api.post("/api/v1/conversations", "{\"from\":{\"type\":\"user\",\"id\":\"665000000000000000000005\"},\"body\":\"Refund?\"}")
                .json().get("id").asString();

        assertThat(api.post("/api/v1/conversations/" + id + "/assign",
                "{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"team\",\"id\":\"5002\"},\"body\":\"Over to billing\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/conversations/" + id + "/assign",
                "{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"admin\",\"id\":\"990002\"},\"body\":\"Yours, Ada\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/conversations/" + id + "/unassign", "{\"admin_id\":\"990002\",\"body\":\"unassign-note\"}").status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/conversations/" + id + "/snooze",
                "{\"admin_id\":\"990002\",\"snoozed_until\":\"" + java.time.Instant.now().plus(java.time.Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/conversations/" + id + "/open", "{\"admin_id\":\"990002\"}").status()).isEqualTo(200);
        var closed = api.post("/api/v1/conversations/" + id + "/close", "{\"admin_id\":\"990002\",\"body\":\"Refund issued.\"}");
        assertThat(closed.status()).isEqualTo(200);

        List<String> parts = new ArrayList<>();
        api.get("/api/v1/conversations/" + id).json().get("parts").forEach(part -> parts.add(part.get("part_type").asString() + ": "
                + (part.get("body").isNull() ? null : part.get("body").asString())));
        assertThat(parts).containsExactly("opening_message: Refund?", "assignment: Over to billing", "assignment: Yours, Ada",
                "assignment: unassign-note", "snoozed: null", "open: null", "close: Refund issued.");
        assertThat(closed.json().get("parts").get(closed.json().get("parts").size() - 1).get("body").asString()).isEqualTo("Refund issued.");
    }

    @Test
    void aSupportToolFindsConversationsByStateTeamAndUser() {
        String id = api.post("/api/v1/conversations", "{\"from\":{\"type\":\"user\",\"id\":\"665000000000000000000004\"},\"body\":\"Invoice?\"}")
                .json().get("id").asString();
        api.post("/api/v1/conversations/" + id + "/assign", "{\"admin_id\":\"990001\",\"assignee\":{\"type\":\"team\",\"id\":\"5001\"}}");

        var supportQueue = api.get("/api/v1/conversations?state=open&team_assignee_id=5001");
        assertThat(supportQueue.status()).isEqualTo(200);
        assertThat(supportQueue.json().get("data").valueStream().map(c -> c.get("id").asString())).contains(id);
        assertThat(supportQueue.json().get("data").valueStream().map(c -> c.get("team_assignee_id").asString())).containsOnly("5001");

        var alans = api.get("/api/v1/users/665000000000000000000004/conversations");
        assertThat(alans.status()).isEqualTo(200);
        assertThat(alans.json().get("data").valueStream().map(c -> c.get("id").asString())).contains(id);
        assertThat(alans.json().get("data").valueStream().map(c -> c.get("contact_ids").get(0).asString()))
                .containsOnly("665000000000000000000004");

        var future = api.get("/api/v1/conversations?created_after=2037-12-31T00:00:00Z");
        assertThat(future.json().get("data")).isEmpty();
        assertThat(future.json().get("next_cursor").isNull()).isTrue();

        assertThat(api.get("/api/v1/users/" + SEEDED_LEAD + "/conversations").status()).as("a lead is not a user").isEqualTo(404);
        assertThat(api.get("/api/v1/conversations?state=pending").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/conversations?created_after=yesterday").status()).isEqualTo(400);
    }

    @Test
    void oneAdminByIdOrA404() {
        var ada = api.get("/api/v1/admins/990001");
        assertThat(ada.status()).isEqualTo(200);
        assertThat(ada.json().get("name").asString()).isEqualTo("Ada Support");
        assertThat(api.get("/api/v1/admins/990999").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/admins/ada").status()).isEqualTo(400);
    }

    @Test
    void aLeadIsCreatedFoundAndConvertedIntoAUser() {
        String email = "lead-" + UUID.randomUUID() + "@example.com";
        var created = api.post("/api/v1/leads", "{\"email\":\"%s\",\"name\":\"Pricing page visitor\"}".formatted(email));
        assertThat(created.status()).isEqualTo(201);
        String lead = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/leads/" + lead);
        assertThat(api.get("/api/v1/leads?email=" + email).json().get("data").get(0).get("id").asString()).isEqualTo(lead);
        assertThat(api.get("/api/v1/users/" + lead).status()).as("a lead is not a user").isEqualTo(404);
        assertThat(api.get("/api/v1/leads/665000000000000000000003").status()).as("a user is not a lead").isEqualTo(404);

        var intoALead = api.post("/api/v1/leads/" + lead + "/convert", "{\"user_id\":\"" + SEEDED_LEAD + "\"}");
        assertThat(intoALead.status()).isEqualTo(400);

        var converted = api.post("/api/v1/leads/" + lead + "/convert", "{\"user_id\":\"665000000000000000000004\"}");
        assertThat(converted.status()).isEqualTo(200);
        assertThat(converted.json().get("user_id").asString()).isEqualTo("665000000000000000000004");

        var gone = api.get("/api/v1/leads/" + lead);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().get("merged_into_id").asString()).isEqualTo("665000000000000000000004");
        assertThat(api.post("/api/v1/leads", "{}").status()).isEqualTo(400);
    }

    @Test
    void usersAndConversationsAreTaggedAndUntaggedByName() {
        var vip = api.post("/api/v1/users/665000000000000000000003/tags", "{\"name\":\"vip\"}");
        assertThat(vip.status()).isEqualTo(200);
        String vipId = vip.json().get("id").asString();
        assertThat(api.post("/api/v1/users/665000000000000000000004/tags", "{\"name\":\" vip \"}").json().get("id").asString())
                .as("the same name is the same tag").isEqualTo(vipId);
        assertThat(api.get("/api/v1/tags").json().get("data").valueStream().map(t -> t.get("name").asString())).contains("vip");

        var onConversation = api.post("/api/v1/conversations/100000008/tags", "{\"name\":\"billing\",\"admin_id\":\"990001\"}");
        assertThat(onConversation.status()).isEqualTo(200);
        String billing = onConversation.json().get("id").asString();
        assertThat(api.get("/api/v1/conversations/100000008").json().get("tags").valueStream().map(t -> t.asString())).contains("billing");
        assertThat(api.delete("/api/v1/conversations/100000008/tags/" + billing + "?admin_id=990001").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/conversations/100000008").json().get("tags").valueStream().map(t -> t.asString())).doesNotContain("billing");
        assertThat(api.delete("/api/v1/users/665000000000000000000003/tags/" + vipId).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/users/665000000000000000000003/tags", "{\"name\":\"  \"}").status()).as("an empty name").isEqualTo(400);
        assertThat(api.post("/api/v1/conversations/100000008/tags", "{\"name\":\"x\"}").status()).as("no admin").isEqualTo(400);
        assertThat(api.post("/api/v1/users/" + SEEDED_LEAD + "/tags", "{\"name\":\"x\"}").status()).as("a lead is no user").isEqualTo(404);
    }

    @Test
    void anAdminNotesSomethingOnAUserAndItIsListedNewestFirst() {
        var first = api.post("/api/v1/users/665000000000000000000004/notes", "{\"body\":\"Asked for an annual invoice.\",\"admin_id\":\"990001\"}");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("author").get("id").asString()).isEqualTo("990001");
        api.post("/api/v1/users/665000000000000000000004/notes", "{\"body\":\"Sent it.\",\"admin_id\":\"990002\"}");

        var notes = api.get("/api/v1/users/665000000000000000000004/notes");
        assertThat(notes.json().get("data").valueStream().map(note -> note.get("body").asString()))
                .containsSubsequence("Sent it.", "Asked for an annual invoice.");

        assertThat(api.post("/api/v1/users/665000000000000000000004/notes", "{\"body\":\" \",\"admin_id\":\"990001\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/users/" + SEEDED_LEAD + "/notes", "{\"body\":\"x\",\"admin_id\":\"990001\"}").status()).isEqualTo(404);
    }

    @Test
    void anAssignedConversationNamesItsAdminAndAnUnassignedOneSaysNull() {
        assertThat(api.get("/api/v1/conversations/100000013").json().get("admin_assignee_id").asString()).isEqualTo("990002");
        assertThat(api.get("/api/v1/conversations/100000008").json().get("admin_assignee_id").isNull()).isTrue();
    }

    @Test
    void unknownSenderIsIntercomsNotFound() {
        var answer = api.post("/api/v1/conversations", "{\"from\":{\"type\":\"user\",\"id\":\"665000000000000000099999\"},\"body\":\"Hi\"}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("intercom_request_id").asString()).isNotBlank();
    }

    @Test
    void encodedSlashInIdIsRejectedWithProblem() {
        for (String path : List.of("/api/v1/users/..%2Fadmins", "/api/v1/users/%2e%2e%2Fme", "/api/v1/conversations/1%2F..%2F..%2Fadmins")) {
            var answer = api.get(path);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void malformedQueryStringIs400Problem() {
        var answer = api.get("/api/v1/users?=x");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void healthShowsIntercomFromTheSandboxWithoutTheToken() {
        var health = ops.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).as("a sandbox says so to anyone who looks").isEqualTo("SANDBOX");
        assertThat(health.json().get("components").get("intercom").get("status").asString()).isEqualTo("SANDBOX");
        assertThat(health.json().get("components").get("intercom").has("details")).as("details are for callers with scope ops").isFalse();
        assertThat(health.body()).doesNotContain(endpoint.accessToken());

        assertThat(ops.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(ops.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(ops.get("/actuator/env").status()).as("not exposed, and refused").isIn(401, 403, 404);
        assertThat(api.get("/actuator/health").status()).as("not served on the API port").isIn(401, 403);
    }

    @Test
    void prometheusHasClientAndServerMetricsWithTemplatedUris() {
        String user = api.post("/api/v1/users", "{\"external_id\":\"metrics-%s\"}".formatted(UUID.randomUUID())).json().get("id").asString();
        api.get("/api/v1/users/" + user);

        var scrape = ops.get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("http_client_requests_seconds_count{")
                .contains("uri=\"/contacts/{contact_id}\"")
                .contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/v1/users/{id}\"")
                .doesNotContain(user)
                .doesNotContain(endpoint.accessToken());
    }

    @Test
    void oversizedBodiesAre413EvenWhenChunked() throws Exception {
        byte[] body = ("{\"email\":\"big@example.com\",\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes();
        var client = java.net.http.HttpClient.newHttpClient();
        for (var publisher : List.of(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body),
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/users"))
                    .header("Content-Type", "application/json").POST(publisher).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(api.get("/api/v1/users?email=big@example.com").json().get("data")).isEmpty();
    }

    @Test
    void resilienceIsVisibleToOps() {
        api.get("/api/v1/admins");
        api.post("/api/v1/users", "{\"external_id\":\"ops-%s\"}".formatted(UUID.randomUUID()));

        var scrape = ops.get("/actuator/prometheus").body();
        assertThat(scrape)
                .contains("resilience4j_circuitbreaker_state{", "name=\"intercom\"")
                .contains("resilience4j_retry_calls_total{")
                .contains("resilience4j_bulkhead_available_concurrent_calls{")
                .contains("intercom_budget_wait_seconds_count{")
                .contains("intercom_budget_remaining")
                .contains("intercom_budget_limit")
                .contains("intercom_upstream_throttled_total")
                .contains("gateway_idempotency_replays_total")
                .contains("gateway_idempotency_memory_used_bytes")
                .contains("gateway_idempotency_memory_max_bytes 1.6777216E7")
                .contains("gateway_idempotency_dropped_total");

        var health = ops.get("/actuator/health").json().get("components");
        assertThat(health.get("circuitBreakers").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("intercomBudget").get("status").asString()).isEqualTo("UP");
        assertThat(ops.get("/actuator/circuitbreakers").status()).as("needs the ops scope").isEqualTo(401);
        assertThat(ops.get("/actuator/retries").status()).as("needs the ops scope").isEqualTo(401);
    }

    @Test
    void apiDocsAndSwaggerUiAnswer() {
        assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
