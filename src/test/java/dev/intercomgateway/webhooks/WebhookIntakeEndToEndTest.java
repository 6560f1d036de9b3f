package dev.intercomgateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.TestCallers;
import dev.intercomgateway.testsupport.Webhooks;
import dev.intercomgateway.webhooks.Signature;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The intake and the subscriptions of one gateway with the in-memory log. */
@GatewayTest(properties = {
        "intercom.base-url=http://127.0.0.1:9",
        "intercom.access-token=unused-token",
        "intercom.client-secret=" + WebhookIntakeEndToEndTest.SECRET + "," + WebhookIntakeEndToEndTest.OLD_SECRET,
        "gateway.webhooks.max-body-size=4KB",
        "gateway.events.heartbeat=200ms",
        "gateway.events.max-subscriptions-per-caller=2"})
class WebhookIntakeEndToEndTest {

    static final String SECRET = "client-secret-now";
    static final String OLD_SECRET = "client-secret-before";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    String base() {
        return "http://localhost:" + port;
    }

    HttpCaller.Answer page(String key, String query) {
        return new HttpCaller(base(), key).with("Accept", "application/json").get("/api/v1/events" + query);
    }

    List<String> pagedIds(String key) {
        return page(key, "?limit=500").json().get("data").valueStream().map(item -> item.get("event").get("id").asString()).toList();
    }

    @Test
    void keepsSignedNotificationsOnceAndRefusesTheRest() {
        String body = Webhooks.notification("notif_once_1", "contact.user.created", Webhooks.contact("6650aa01", "user"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = Signature.sign(bytes, SECRET);

        assertThat(Webhooks.post(base(), bytes, signature).statusCode()).isEqualTo(200);
        assertThat(Webhooks.post(base(), bytes, signature).statusCode()).as("Intercom's retry: acknowledged").isEqualTo(200);
        assertThat(Webhooks.postSigned(base(), body, OLD_SECRET).statusCode()).as("the old secret, while rotating").isEqualTo(200);

        byte[] altered = body.replace("6650aa01@", "6650aa02@").getBytes(StandardCharsets.UTF_8);
        var alteredAnswer = Webhooks.post(base(), altered, signature);
        assertThat(alteredAnswer.statusCode()).as("a body altered by one byte").isEqualTo(401);
        assertThat(alteredAnswer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        String other = Webhooks.notification("notif_wrong_sig", "contact.user.created", Webhooks.contact("6650aa03", "user"));
        assertThat(Webhooks.postSigned(base(), other, "not-the-secret").statusCode()).isEqualTo(401);
        assertThat(Webhooks.post(base(), other.getBytes(StandardCharsets.UTF_8), null).statusCode()).isEqualTo(401);
        assertThat(Webhooks.post(base(), other.getBytes(StandardCharsets.UTF_8), "sha1=zz").statusCode()).isEqualTo(401);

        assertThat(pagedIds(TestCallers.EVENTS_ALL_KEY)).containsOnlyOnce("notif_once_1").doesNotContain("notif_wrong_sig");
    }

    @Test
    void malformedTooLargeAndPing() {
        assertThat(Webhooks.postSigned(base(), "{\"topic\":", SECRET).statusCode()).isEqualTo(400);
        var missingItem = Webhooks.postSigned(base(), "{\"id\":\"notif_x\",\"topic\":\"contact.user.created\",\"app_id\":\"abc\",\"created_at\":1}", SECRET);
        assertThat(missingItem.statusCode()).isEqualTo(400);
        assertThat(missingItem.body()).contains("data.item");
        String huge = Webhooks.notification("notif_huge", "contact.user.created",
                "{\"type\":\"contact\",\"id\":\"1\",\"role\":\"user\",\"name\":\"" + "x".repeat(5000) + "\"}");
        assertThat(Webhooks.postSigned(base(), huge, SECRET).statusCode()).isEqualTo(413);
        assertThat(Webhooks.postSigned(base(), "{\"type\":\"notification_event\",\"topic\":\"ping\",\"id\":\"notif_ping\",\"app_id\":\"abc123\"}",
                SECRET).statusCode()).isEqualTo(200);
        assertThat(pagedIds(TestCallers.EVENTS_ALL_KEY)).doesNotContain("notif_huge", "notif_ping", "notif_x");
    }

    @Test
    void onlyPostToTheIntakePathGoesWithoutCredentials() {
        var anonymous = new HttpCaller(base());
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            var other = anonymous.send(method, "/webhooks/intercom");
            assertThat(other.status()).as(method + ": the path exists, for POST only").isEqualTo(405);
            assertThat(other.header("Allow")).as(method).isEqualTo("POST");
        }
        assertThat(anonymous.post("/webhooks/intercom/extra", "{}").status()).isIn(401, 403);
        assertThat(anonymous.post("/webhooks/other", "{}").status()).isIn(401, 403);
        assertThat(anonymous.post("/webhooks/intercom/../../api/v1/users", "{}").status()).isIn(400, 401, 403);
        assertThat(anonymous.get("/api/v1/events").status()).isEqualTo(401);
    }

    @Test
    void aCallerWithoutConversationsReadNeverSeesAConversationTopic() throws Exception {
        try (var usersOnly = new Webhooks.Subscriber(base(), TestCallers.EVENTS_USERS_KEY, null, null);
                var everything = new Webhooks.Subscriber(base(), TestCallers.EVENTS_ALL_KEY, null, null)) {
            Webhooks.postSigned(base(), Webhooks.notification("notif_conv_1", "conversation.admin.replied", Webhooks.conversation("100000001")), SECRET);
            Webhooks.postSigned(base(), Webhooks.notification("notif_lead_1", "contact.lead.created", Webhooks.contact("6650bb01", "lead")), SECRET);
            Webhooks.postSigned(base(), Webhooks.notification("notif_del_1", "contact.deleted", "{\"type\":\"contact\",\"id\":\"6650bb02\"}"), SECRET);
            Webhooks.postSigned(base(), Webhooks.notification("notif_user_1", "contact.user.updated", Webhooks.contact("6650bb03", "user")), SECRET);

            assertThat(everything.take(4)).extracting(Webhooks.Received::type).containsExactly("com.intercom.conversation.admin.replied",
                    "com.intercom.contact.lead.created", "com.intercom.contact.deleted", "com.intercom.contact.user.updated");
            assertThat(usersOnly.take(1)).extracting(Webhooks.Received::type).containsExactly("com.intercom.contact.user.updated");
            assertThat(usersOnly.rest(Duration.ofMillis(1500))).isEmpty();
        }
        assertThat(pagedIds(TestCallers.EVENTS_USERS_KEY)).doesNotContain("notif_conv_1", "notif_lead_1", "notif_del_1").contains("notif_user_1");
    }

    @Test
    void scopesTopicFilterCapAndGone() throws Exception {
        assertThat(page(TestCallers.READER_KEY, "").status()).as("users:read without events:read").isEqualTo(403);
        assertThat(page(null, "").status()).isEqualTo(401);
        assertThat(page(TestCallers.EVENTS_ALL_KEY, "?topics=Contact!").status()).isEqualTo(400);
        assertThat(page(TestCallers.EVENTS_ALL_KEY, "?limit=0").json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(page(TestCallers.EVENTS_ALL_KEY, "?after=nonsense").json().get("errors").get(0).get("field").asString()).isEqualTo("after");
        var gone = page(TestCallers.EVENTS_ALL_KEY, "?after=1-0");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().has("oldest_id")).isTrue();

        try (var conversationsOnly = new Webhooks.Subscriber(base(), TestCallers.EVENTS_ALL_KEY, "topics=conversation.admin.", null);
                var second = new Webhooks.Subscriber(base(), TestCallers.EVENTS_ALL_KEY, null, null)) {
            var third = new Webhooks.Subscriber(base(), TestCallers.EVENTS_ALL_KEY, null, null);
            assertThat(third.status).as("over the per-caller cap").isEqualTo(429);
            Webhooks.postSigned(base(), Webhooks.notification("notif_filter_1", "contact.user.created", Webhooks.contact("6650cc01", "user")), SECRET);
            Webhooks.postSigned(base(), Webhooks.notification("notif_filter_2", "conversation.admin.closed", Webhooks.conversation("100000002")), SECRET);
            assertThat(conversationsOnly.take(1).getFirst().event().get("id").asString()).isEqualTo("notif_filter_2");
            second.take(2);
        }
        var ops = new HttpCaller("http://localhost:" + managementPort, TestCallers.OPS_KEY);
        String metrics = ops.get("/actuator/prometheus").body();
        assertThat(metrics).contains("gateway_webhooks_received_total", "gateway_webhooks_appended_total", "gateway_events_subscribers",
                "gateway_events_log_length");
        var health = ops.get("/actuator/health").json().get("components").get("eventLog");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("store").asString()).isEqualTo("memory");
    }

    @Test
    void lastEventIdWinsOverAfterAndTheGoneAdviceDeliversTheOldest() {
        for (String id : List.of("notif_order_1", "notif_order_2", "notif_order_3")) {
            Webhooks.postSigned(base(), Webhooks.notification(id, "contact.user.created", Webhooks.contact("6650dd0" + id.charAt(11), "user")), SECRET);
        }
        List<String> logIds = page(TestCallers.EVENTS_ALL_KEY, "?limit=500").json().get("data").valueStream().map(item -> item.get("id").asString())
                .toList();
        String first = logIds.get(logIds.size() - 3);
        String second = logIds.get(logIds.size() - 2);
        var reconnect = new HttpCaller(base(), TestCallers.EVENTS_ALL_KEY).with("Accept", "application/json").with("Last-Event-ID", second)
                .get("/api/v1/events?after=" + first);
        assertThat(reconnect.json().get("data").valueStream().map(item -> item.get("id").asString()).toList())
                .as("an EventSource reconnects to its first URL and adds Last-Event-ID: the header is the newer position")
                .containsExactly(logIds.getLast());

        var gone = page(TestCallers.EVENTS_ALL_KEY, "?after=1-0");
        assertThat(gone.status()).isEqualTo(410);
        String oldest = gone.json().get("oldest_id").asString();
        var resumed = page(TestCallers.EVENTS_ALL_KEY, "?limit=1&after=" + gone.json().get("resume_after").asString());
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().get("data").get(0).get("id").asString()).as("resuming as advised loses nothing").isEqualTo(oldest);
    }

    /** A lone surrogate (valid JSON) is kept as U+FFFD: pages answer 200 and the stream carries the same character. */
    @Test
    void aLoneSurrogateIsServedAsTheReplacementCharacterOnEverySurface() throws Exception {
        String item = "{\"type\":\"contact\",\"id\":\"6650ee01\",\"role\":\"user\",\"name\":\"\\ud800\",\"\\udc00\":\"x\\udbff\"}";
        try (var subscriber = new Webhooks.Subscriber(base(), TestCallers.EVENTS_ALL_KEY, "topics=contact.user.", null)) {
            assertThat(Webhooks.postSigned(base(), Webhooks.notification("notif_surrogate", "contact.user.created", item), SECRET).statusCode())
                    .isEqualTo(200);
            var streamed = subscriber.take(1).getFirst().event().get("data");
            assertThat(streamed.get("name").asString()).isEqualTo("\ufffd");
            assertThat(streamed.get("\ufffd").asString()).isEqualTo("x\ufffd");
            var page = page(TestCallers.EVENTS_ALL_KEY, "?limit=500");
            assertThat(page.status()).isEqualTo(200);
            var paged = page.json().get("data").valueStream().filter(e -> e.get("event").get("id").asString().equals("notif_surrogate"))
                    .findFirst().orElseThrow().get("event").get("data");
            assertThat(paged).as("both surfaces agree").isEqualTo(streamed);
        }
    }

    /** HEAD answers as GET would, without a body and without opening a stream (nor taking a slot). */
    @Test
    void headAnswersLikeGetWithoutOpeningAStream() throws Exception {
        var events = new HttpCaller(base(), TestCallers.EVENTS_ALL_KEY);
        try (var first = new Webhooks.Subscriber(base(), TestCallers.EVENTS_ALL_KEY, null, null);
                var second = new Webhooks.Subscriber(base(), TestCallers.EVENTS_ALL_KEY, null, null)) {
            for (int i = 0; i < 3; i++) {
                var head = events.head("/api/v1/events");
                assertThat(head.status()).as("the caller holds its cap of streams; HEAD takes none").isEqualTo(200);
                assertThat(head.header("Content-Type")).startsWith("text/event-stream");
            }
            var json = events.with("Accept", "application/json").head("/api/v1/events?limit=5");
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.header("Content-Type")).startsWith("application/json");
            assertThat(events.with("Accept", "text/html").head("/api/v1/events").status()).isEqualTo(406);
            assertThat(events.head("/api/v1/events?after=nonsense").status()).isEqualTo(400);
        }
        assertThat(new HttpCaller(base(), TestCallers.READER_KEY).head("/api/v1/events").status()).as("without events:read").isEqualTo(403);
        assertThat(new HttpCaller(base()).head("/api/v1/events").status()).isEqualTo(401);
    }

    @Test
    void contentNegotiationHonoursQualitiesAndCaseAndAnswers406() {
        var events = new HttpCaller(base(), TestCallers.EVENTS_ALL_KEY);
        var json = events.with("Accept", "application/json;q=0.9, text/event-stream;q=0.1").get("/api/v1/events?limit=1");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(events.with("Accept", "APPLICATION/JSON").get("/api/v1/events?limit=1").header("Content-Type")).startsWith("application/json");
        for (String unacceptable : List.of("application/x-ndjson", "text/html")) {
            var refused = events.with("Accept", unacceptable).get("/api/v1/events");
            assertThat(refused.status()).as(unacceptable).isEqualTo(406);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
    }
}
