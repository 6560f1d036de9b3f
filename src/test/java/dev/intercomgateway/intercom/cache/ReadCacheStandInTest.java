package dev.intercomgateway.intercom.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.TestCallers;
import dev.intercomgateway.testsupport.Webhooks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The read cache in front of a stand-in for Intercom, counting what reaches it: both surfaces share
 * one entry, writes through either surface and webhooks invalidate it, a caller can ask for a fresh
 * read, and the cache never changes who may read what.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ReadCacheStandInTest {

    static final String SECRET = "read-cache-secret";

    @RegisterExtension
    static WireMockExtension intercom = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("intercom.base-url", intercom::baseUrl);
        registry.add("intercom.access-token", () -> "dG9rLWNhY2hlLTEyMzQ1");
        registry.add("intercom.client-secret", () -> SECRET);
        registry.add("intercom.cache.enabled", () -> "true");
        registry.add("intercom.cache.max-entry-size", () -> "2KB");
        registry.add("management.server.port", () -> "0");
        TestCallers.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    /** Each test reads its own ids: what one test cached never answers another. */
    static int next = 0;
    String id;

    @BeforeEach
    void reset() {
        intercom.resetAll();
        id = "6650cc00000000000000%04d".formatted(++next);
    }

    HttpCaller api(String key) {
        return new HttpCaller("http://localhost:" + port + "/api/v1", key);
    }

    HttpCaller sdk() {
        return new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_ALL_KEY);
    }

    static String contact(String id, String role, String name, long updatedAt) {
        return "{\"type\":\"contact\",\"id\":\"" + id + "\",\"role\":\"" + role + "\",\"email\":\"" + id + "@example.com\",\"name\":\"" + name
                + "\",\"created_at\":1,\"updated_at\":" + updatedAt + "}";
    }

    void stubContact(String role, String name, long updatedAt) {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + id)).willReturn(okJson(contact(id, role, name, updatedAt))));
    }

    void stubConversation(String conversation) {
        intercom.stubFor(get(urlPathEqualTo("/conversations/" + conversation)).willReturn(okJson(
                "{\"type\":\"conversation\",\"id\":\"" + conversation + "\",\"state\":\"open\",\"created_at\":1,\"updated_at\":1,"
                        + "\"conversation_parts\":{\"type\":\"conversation_part.list\",\"conversation_parts\":[],\"total_count\":0}}")));
    }

    int intercomReads() {
        return intercom.findAll(getRequestedFor(urlPathEqualTo("/contacts/" + id))).size();
    }

    @Test
    void readsWithOtherQueryStringsPassTheCacheSoOneCallerCannotGrowAnObjectsVariants() {
        String conversation = String.valueOf(710000 + next);
        stubConversation(conversation);

        for (int i = 0; i < 5; i++) {
            HttpCaller.Answer answer = sdk().get("/conversations/" + conversation + "?display_as=variant" + i);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Cache-Status")).as("read %d", i).isNotEqualTo("intercom-gateway; hit");
        }
        assertThat(sdk().get("/conversations/" + conversation + "?display_as=variant0").header("Cache-Status"))
                .isNotEqualTo("intercom-gateway; hit");
        intercom.verify(6, getRequestedFor(urlPathEqualTo("/conversations/" + conversation)));

        assertThat(sdk().get("/conversations/" + conversation + "?display_as=plaintext").header("Cache-Status"))
                .isEqualTo("intercom-gateway; fwd=miss");
        assertThat(sdk().get("/conversations/" + conversation + "?display_as=plaintext").header("Cache-Status"))
                .isEqualTo("intercom-gateway; hit");
        intercom.verify(7, getRequestedFor(urlPathEqualTo("/conversations/" + conversation)));
    }

    @Test
    void aSecondReadIsAHitOnEitherSurfaceWithAgeAndCacheStatus(CapturedOutput output) {
        stubContact("user", "Ada", 100);

        HttpCaller.Answer first = api(TestCallers.FULL_KEY).get("/users/" + id);
        HttpCaller.Answer second = api(TestCallers.FULL_KEY).get("/users/" + id);
        HttpCaller.Answer passthrough = sdk().get("/contacts/" + id);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Status")).isEqualTo("intercom-gateway; fwd=miss");
        assertThat(second.header("Cache-Status")).isEqualTo("intercom-gateway; hit");
        assertThat(second.header("Age")).isNotNull();
        assertThat(second.json().get("name").asString()).isEqualTo("Ada");
        assertThat(passthrough.status()).isEqualTo(200);
        assertThat(passthrough.header("Cache-Status")).isEqualTo("intercom-gateway; hit");
        assertThat(passthrough.json().get("email").asString()).isEqualTo(id + "@example.com");
        assertThat(intercomReads()).isEqualTo(1);
        assertThat(output.getOut()).contains("\"operation\":\"GET /api/v1/users/{id}\",\"intercom_id\":\"" + id + "\",\"outcome\":200,\"cache\":\"hit\"");
        assertThat(output.getOut()).contains("\"outcome\":200,\"cache\":\"hit\"");
    }

    @Test
    void aWriteThroughEitherSurfaceInvalidatesBeforeItsAnswer() {
        stubContact("user", "Ada", 100);
        intercom.stubFor(put(urlPathEqualTo("/contacts/" + id)).willReturn(okJson(contact(id, "user", "Ada Lovelace", 101))));
        api(TestCallers.FULL_KEY).get("/users/" + id);

        assertThat(api(TestCallers.FULL_KEY).patch("/users/" + id, "{\"name\":\"Ada Lovelace\"}").status()).isEqualTo(200);
        stubContact("user", "Ada Lovelace", 101);
        HttpCaller.Answer afterApiWrite = api(TestCallers.FULL_KEY).get("/users/" + id);

        assertThat(afterApiWrite.json().get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(afterApiWrite.header("Cache-Status")).isEqualTo("intercom-gateway; fwd=miss");
        int readsSoFar = intercomReads();

        assertThat(sdk().put("/contacts/" + id, "{\"name\":\"Ada King\"}").status()).isEqualTo(200);
        stubContact("user", "Ada King", 102);
        HttpCaller.Answer afterPassthroughWrite = api(TestCallers.FULL_KEY).get("/users/" + id);

        assertThat(afterPassthroughWrite.json().get("name").asString()).isEqualTo("Ada King");
        assertThat(intercomReads()).isEqualTo(readsSoFar + 1);
    }

    @Test
    void deletingAndTaggingInvalidateToo() {
        stubContact("user", "Ada", 100);
        intercom.stubFor(delete(urlPathEqualTo("/contacts/" + id)).willReturn(okJson("{\"type\":\"contact\",\"id\":\"" + id + "\",\"deleted\":true}")));
        intercom.stubFor(post(urlPathEqualTo("/tags")).willReturn(okJson("{\"type\":\"tag\",\"id\":\"17\",\"name\":\"vip\"}")));
        intercom.stubFor(post(urlPathEqualTo("/contacts/" + id + "/tags")).willReturn(okJson("{\"type\":\"tag\",\"id\":\"17\",\"name\":\"vip\"}")));

        api(TestCallers.FULL_KEY).get("/users/" + id);
        api(TestCallers.FULL_KEY).post("/users/" + id + "/tags", "{\"name\":\"vip\"}");
        api(TestCallers.FULL_KEY).get("/users/" + id);
        assertThat(intercomReads()).isEqualTo(2);

        api(TestCallers.FULL_KEY).delete("/users/" + id);
        intercom.verify(1, deleteRequestedFor(urlPathEqualTo("/contacts/" + id)));
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + id)).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"not_found\",\"message\":\"User Not Found\"}]}")));
        assertThat(api(TestCallers.FULL_KEY).get("/users/" + id).status()).isEqualTo(404);
    }

    /** A contact named in a write's body (from.id, to.id), not its path, is dropped on the typed surface as on the passthrough. */
    @Test
    void writesNamingAContactInTheirBodyInvalidateItOnTheTypedSurfaceToo() {
        stubContact("user", "Ada", 100);
        intercom.stubFor(post(urlPathEqualTo("/conversations")).willReturn(okJson(
                "{\"type\":\"user_message\",\"id\":\"m1\",\"created_at\":1,\"body\":\"Hi\",\"message_type\":\"inapp\",\"conversation_id\":\"7\"}")));
        intercom.stubFor(post(urlPathEqualTo("/messages")).willReturn(okJson(
                "{\"type\":\"admin_message\",\"id\":\"m2\",\"created_at\":1,\"body\":\"Hello\",\"message_type\":\"inapp\"}")));
        api(TestCallers.FULL_KEY).get("/users/" + id);

        assertThat(api(TestCallers.FULL_KEY).post("/conversations", "{\"from\":{\"type\":\"user\",\"id\":\"" + id + "\"},\"body\":\"Hi\"}")
                .status()).isEqualTo(201);
        api(TestCallers.FULL_KEY).get("/users/" + id);
        assertThat(intercomReads()).as("dropped by the conversation it started").isEqualTo(2);

        assertThat(api(TestCallers.FULL_KEY).post("/conversations", "{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"to\":{\"type\":\"user\","
                + "\"id\":\"" + id + "\"},\"message_type\":\"inapp\",\"body\":\"Hello\"}").status()).isEqualTo(201);
        api(TestCallers.FULL_KEY).get("/users/" + id);
        assertThat(intercomReads()).as("dropped by the message written to it").isEqualTo(3);
    }

    @Test
    void aWebhookInvalidatesAndAnAnswerOlderThanItsUpdatedAtIsNotKept() {
        stubContact("user", "Ada", 100);
        api(TestCallers.FULL_KEY).get("/users/" + id);

        String changed = Webhooks.notification("notif_cache_" + id, "contact.user.updated", contact(id, "user", "Ada B", 200));
        assertThat(Webhooks.postSigned("http://localhost:" + port, changed, SECRET).statusCode()).isEqualTo(200);
        // Intercom still answers with the older object (a lagging read): served, but never kept over the newer change announced
        HttpCaller.Answer lagging = api(TestCallers.FULL_KEY).get("/users/" + id);
        HttpCaller.Answer again = api(TestCallers.FULL_KEY).get("/users/" + id);

        assertThat(lagging.json().get("name").asString()).isEqualTo("Ada");
        assertThat(again.header("Cache-Status")).isEqualTo("intercom-gateway; fwd=miss");
        assertThat(intercomReads()).isEqualTo(3);

        stubContact("user", "Ada B", 200);
        api(TestCallers.FULL_KEY).get("/users/" + id);
        HttpCaller.Answer current = api(TestCallers.FULL_KEY).get("/users/" + id);
        assertThat(current.header("Cache-Status")).isEqualTo("intercom-gateway; hit");
        assertThat(current.json().get("name").asString()).isEqualTo("Ada B");

        // a late retry of an older notification drops the entry, and cannot make the old answer stick
        String older = Webhooks.notification("notif_cache_old_" + id, "contact.user.updated", contact(id, "user", "Ada", 150));
        Webhooks.postSigned("http://localhost:" + port, older, SECRET);
        assertThat(api(TestCallers.FULL_KEY).get("/users/" + id).json().get("name").asString()).isEqualTo("Ada B");
        assertThat(meters.counter("gateway.cache.invalidations", "source", "webhook").count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void noCacheForcesAFreshReadThatRefreshesTheEntry() {
        stubContact("user", "Ada", 100);
        api(TestCallers.FULL_KEY).get("/users/" + id);
        stubContact("user", "Ada (changed in Intercom)", 300);

        HttpCaller.Answer fresh = api(TestCallers.FULL_KEY).with("Cache-Control", "no-cache").get("/users/" + id);
        HttpCaller.Answer after = api(TestCallers.FULL_KEY).get("/users/" + id);
        HttpCaller.Answer freshPassthrough = sdk().with("Cache-Control", "no-cache").get("/contacts/" + id);

        assertThat(fresh.header("Cache-Status")).isEqualTo("intercom-gateway; fwd=request");
        assertThat(fresh.json().get("name").asString()).isEqualTo("Ada (changed in Intercom)");
        assertThat(after.header("Cache-Status")).isEqualTo("intercom-gateway; hit");
        assertThat(after.json().get("name").asString()).isEqualTo("Ada (changed in Intercom)");
        assertThat(freshPassthrough.header("Cache-Status")).isEqualTo("intercom-gateway; fwd=request");
        assertThat(intercomReads()).isEqualTo(3);
    }

    @Test
    void anETagAnswersIfNoneMatchWith304() {
        stubContact("user", "Ada", 100);
        HttpCaller.Answer first = api(TestCallers.FULL_KEY).get("/users/" + id);
        String etag = first.header("ETag");

        HttpCaller.Answer unchanged = api(TestCallers.FULL_KEY).with("If-None-Match", etag).get("/users/" + id);

        assertThat(etag).isNotBlank();
        assertThat(first.header("Cache-Control")).contains("no-store");
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(api(TestCallers.FULL_KEY).with("If-None-Match", "\"other\"").get("/users/" + id).status()).isEqualTo(200);
    }

    @Test
    void ifNoneMatchAnyAnswers304ForAnObjectThatExistsAndTheAuditSays304(CapturedOutput output) {
        stubContact("user", "Ada", 100);
        api(TestCallers.FULL_KEY).get("/users/" + id);

        HttpCaller.Answer any = api(TestCallers.FULL_KEY).with("If-None-Match", "*").get("/users/" + id);
        HttpCaller.Answer anyHead = api(TestCallers.FULL_KEY).with("If-None-Match", "*").head("/users/" + id);

        assertThat(any.status()).isEqualTo(304);
        assertThat(any.body()).isEmpty();
        assertThat(anyHead.status()).isEqualTo(304);
        assertThat(output.getOut()).contains("\"operation\":\"GET /api/v1/users/{id}\",\"intercom_id\":\"" + id + "\",\"outcome\":304,\"cache\":\"hit\"");
    }

    @Test
    void aHeadServedFromTheCacheSaysSoLikeAGet(CapturedOutput output) {
        stubContact("user", "Ada", 100);
        api(TestCallers.FULL_KEY).get("/users/" + id);

        HttpCaller.Answer head = api(TestCallers.FULL_KEY).head("/users/" + id);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Cache-Status")).isEqualTo("intercom-gateway; hit");
        assertThat(head.header("Age")).isNotNull();
        assertThat(intercomReads()).isEqualTo(1);
        assertThat(output.getOut()).contains("\"operation\":\"HEAD /api/v1/users/{id}\",\"intercom_id\":\"" + id + "\",\"outcome\":200,\"cache\":\"hit\"");
    }

    @Test
    void taggingOrUntaggingManyContactsDropsEachOfThem() {
        stubContact("user", "Ada", 100);
        intercom.stubFor(post(urlPathEqualTo("/tags")).willReturn(okJson("{\"type\":\"tag\",\"id\":\"17\",\"name\":\"vip\"}")));
        sdk().get("/contacts/" + id);
        assertThat(sdk().get("/contacts/" + id).header("Cache-Status")).isEqualTo("intercom-gateway; hit");

        HttpCaller.Answer untagged = sdk().post("/tags", "{\"name\":\"vip\",\"users\":[{\"id\":\"" + id + "\",\"untag\":true}]}");
        HttpCaller.Answer after = sdk().get("/contacts/" + id);

        assertThat(untagged.status()).isEqualTo(200);
        assertThat(after.header("Cache-Status")).isEqualTo("intercom-gateway; fwd=miss");
        assertThat(intercomReads()).isEqualTo(2);
    }

    @Test
    void aHundredConcurrentReadsOfOneUncachedIdMakeOneIntercomCall() throws Exception {
        intercom.stubFor(get(urlPathEqualTo("/contacts/" + id)).willReturn(okJson(contact(id, "user", "Ada", 100)).withFixedDelay(1000)));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpCaller.Answer>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                answers.add(callers.submit(() -> {
                    start.await();
                    return api(TestCallers.FULL_KEY).get("/users/" + id);
                }));
            }
            start.countDown();
            for (Future<HttpCaller.Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
            }
        }
        assertThat(intercomReads()).isEqualTo(1);
    }

    @Test
    void anAnswerOverTheSizeLimitIsServedButNotKept() {
        String big = "x".repeat(3000);
        stubContact("user", big, 100);

        assertThat(api(TestCallers.FULL_KEY).get("/users/" + id).json().get("name").asString()).isEqualTo(big);
        assertThat(api(TestCallers.FULL_KEY).get("/users/" + id).header("Cache-Status")).isEqualTo("intercom-gateway; fwd=miss");
        assertThat(intercomReads()).isEqualTo(2);
    }

    @Test
    void aHitNeverAnswersACallerWhoCouldNotReadTheObject() {
        stubContact("lead", "A lead", 100);
        assertThat(api(TestCallers.FULL_KEY).get("/leads/" + id).status()).isEqualTo(200);

        HttpCaller.Answer asUser = api(TestCallers.READER_KEY).get("/users/" + id);
        HttpCaller.Answer leadsScope = api(TestCallers.READER_KEY).get("/leads/" + id);

        assertThat(asUser.status()).isEqualTo(404);
        assertThat(asUser.header("Cache-Status")).as("the refusal must not tell the object exists, cached").isNull();
        assertThat(asUser.header("Age")).isNull();
        assertThat(api(TestCallers.READER_KEY).head("/users/" + id).header("Cache-Status")).isNull();
        assertThat(leadsScope.status()).isEqualTo(403);
        assertThat(intercomReads()).isEqualTo(1);
        assertThat(new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_READER_KEY).get("/conversations/123").status())
                .isEqualTo(403);
    }

    @Test
    void anAnswerAlsoBuiltFromAnUncachedCallCarriesNoCacheStatus() {
        stubContact("user", "Ada", 100);
        intercom.stubFor(post(urlPathEqualTo("/conversations/search")).willReturn(okJson(
                "{\"type\":\"conversation.list\",\"conversations\":[],\"total_count\":0}")));
        api(TestCallers.FULL_KEY).get("/users/" + id);

        HttpCaller.Answer conversations = api(TestCallers.FULL_KEY).get("/users/" + id + "/conversations");

        assertThat(conversations.status()).isEqualTo(200);
        assertThat(conversations.header("Cache-Status")).isNull();
        assertThat(intercomReads()).isEqualTo(1);
    }

    @Test
    void conversationsAdminsTeamsAndTagsAreCachedAndAReplyInvalidatesItsConversation() {
        String conversation = String.valueOf(700000 + next);
        stubConversation(conversation);
        intercom.stubFor(post(urlPathEqualTo("/conversations/" + conversation + "/reply")).willReturn(okJson(
                "{\"type\":\"conversation\",\"id\":\"" + conversation + "\",\"state\":\"open\",\"created_at\":1,\"updated_at\":2}")));
        intercom.stubFor(get(urlPathEqualTo("/teams")).willReturn(okJson("{\"type\":\"team.list\",\"teams\":[]}")));
        intercom.stubFor(get(urlPathEqualTo("/admins/" + (990000 + next))).willReturn(okJson(
                "{\"type\":\"admin\",\"id\":\"" + (990000 + next) + "\",\"name\":\"Op\",\"email\":\"op@example.com\"}")));

        for (int i = 0; i < 2; i++) {
            assertThat(api(TestCallers.FULL_KEY).get("/conversations/" + conversation).status()).isEqualTo(200);
            assertThat(sdk().get("/teams").status()).isEqualTo(200);
            assertThat(api(TestCallers.FULL_KEY).get("/admins/" + (990000 + next)).status()).isEqualTo(200);
        }
        intercom.verify(1, getRequestedFor(urlPathEqualTo("/conversations/" + conversation)));
        intercom.verify(1, getRequestedFor(urlPathEqualTo("/teams")));
        intercom.verify(1, getRequestedFor(urlPathEqualTo("/admins/" + (990000 + next))));

        assertThat(api(TestCallers.FULL_KEY).post("/conversations/" + conversation + "/replies",
                "{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"body\":\"Hi\"}").status()).isLessThan(300);
        api(TestCallers.FULL_KEY).get("/conversations/" + conversation);
        intercom.verify(2, getRequestedFor(urlPathEqualTo("/conversations/" + conversation)));
    }
}
