package dev.intercomgateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.cache.CacheProperties;
import dev.intercomgateway.intercom.cache.ReadCache;
import dev.intercomgateway.events.EventLog;
import dev.intercomgateway.events.EventLogProperties;
import dev.intercomgateway.events.EventLogUnavailableException;
import dev.intercomgateway.events.EventStream;
import dev.intercomgateway.events.LogId;
import dev.intercomgateway.events.LoggedEvent;
import dev.intercomgateway.events.MemoryEventLog;
import dev.intercomgateway.events.NewEvent;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;

/** The intake's answers that need a log that fails, or no secret: Intercom must retry what was not kept. */
class WebhookControllerTest {

    static final String BODY = "{\"type\":\"notification_event\",\"id\":\"notif_1\",\"topic\":\"contact.user.created\",\"app_id\":\"abc\","
            + "\"created_at\":1767225600,\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"contact\",\"id\":\"1\"}}}";

    /** A log whose Redis is down. */
    static final class UnreachableLog implements EventLog {
        @Override
        public String append(NewEvent event) {
            throw new EventLogUnavailableException("down", new IllegalStateException("connection refused"));
        }

        @Override
        public List<LoggedEvent> after(LogId after, int limit) {
            throw new EventLogUnavailableException("down", new IllegalStateException("connection refused"));
        }

        @Override
        public boolean contains(LogId id) {
            return false;
        }

        @Override
        public Window window() {
            throw new EventLogUnavailableException("down", new IllegalStateException("connection refused"));
        }
    }

    static MockMvc intake(List<String> secrets, SimpleMeterRegistry meters) {
        EventLogProperties properties = new EventLogProperties(Duration.ofHours(1), 10, DataSize.ofMegabytes(1), Duration.ofSeconds(1), 1, 10,
                DataSize.ofMegabytes(4), 64, Duration.ofSeconds(1), 10, Duration.ofSeconds(10));
        EventStream stream = new EventStream(new UnreachableLog(), properties);
        return MockMvcBuilders.standaloneSetup(new WebhookController(new ClientSecrets(secrets),
                new WebhookProperties(DataSize.ofKilobytes(64)), stream, cache(meters), meters, JsonMapper.builder().build())).build();
    }

    @Test
    void aNotificationThatCouldNotBeKeptIs503SoThatIntercomRetries() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        intake(List.of("secret"), meters).perform(post("/webhooks/intercom").content(BODY)
                        .header(Signature.HEADER, Signature.sign(BODY.getBytes(StandardCharsets.UTF_8), "secret")))
                .andExpect(status().isServiceUnavailable()).andExpect(header().exists("Retry-After"));
        assertThat(meters.counter("gateway.webhooks.rejected", "reason", "unavailable").count()).isEqualTo(1);
    }

    @Test
    void withoutAClientSecretTheIntakeIsOff() throws Exception {
        intake(List.of(), new SimpleMeterRegistry()).perform(post("/webhooks/intercom").content(BODY)
                .header(Signature.HEADER, Signature.sign(BODY.getBytes(StandardCharsets.UTF_8), "any"))).andExpect(status().isNotFound());
    }

    @Test
    void aCreatedAtNoRfc3339TimeCanHoldAndAnotherTypeAre400NamingTheField() throws Exception {
        for (String[] bad : new String[][] {{BODY.replace("1767225600", "99999999999999"), "created_at"},
                {BODY.replace("1767225600", "2147483648"), "created_at"},
                {BODY.replace("\"type\":\"notification_event\",", "\"type\":\"contact\","), "type"},
                {BODY.replace("\"type\":\"notification_event\",", ""), "type"}}) {
            intake(List.of("secret"), new SimpleMeterRegistry()).perform(post("/webhooks/intercom").content(bad[0])
                            .header(Signature.HEADER, Signature.sign(bad[0].getBytes(StandardCharsets.UTF_8), "secret")))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("The notification's " + bad[1] + " is")));
        }
    }

    /** Malformed members of each kind are refused with a 400 naming the field, and nothing is kept. */
    @Test
    void aMalformedCreatedAtOrTopicIs400AndNothingIsKept() throws Exception {
        String[][] bad = {{"\"created_at\":0", "created_at"}, {"\"created_at\":-1", "created_at"},
                {"\"created_at\":2147483648", "created_at"}, {"\"created_at\":99999999999999999999", "created_at"},
                {"\"created_at\":1767225600.5", "created_at"}, {"\"created_at\":1.7672256E9", "created_at"},
                {"\"created_at\":\"1767225600\"", "created_at"}, {"\"created_at\":null", "created_at"},
                {"\"topic\":\"contact.user.\"", "topic"}, {"\"topic\":\".contact.user.created\"", "topic"},
                {"\"topic\":\"contact..user.created\"", "topic"}, {"\"topic\":\"contact.user.created.\"", "topic"},
                {"\"topic\":\"Contact.User.Created\"", "topic"}, {"\"topic\":\"contact.user. created\"", "topic"},
                {"\"topic\":\"contact.user.created \"", "topic"}, {"\"topic\":\"\"", "topic"},
                {"\"topic\":\"contact.user." + "x".repeat(100) + "\"", "topic"}};
        MemoryEventLog log = new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 100, 1 << 20);
        MockMvc intake = intake(List.of("secret"), log);
        for (String[] member : bad) {
            String body = member[1].equals("created_at") ? BODY.replace("\"created_at\":1767225600", member[0])
                    : BODY.replace("\"topic\":\"contact.user.created\"", member[0]);
            assertThat(body).as(member[0]).isNotEqualTo(BODY);
            intake.perform(post("/webhooks/intercom").content(body).header(Signature.HEADER, Signature.sign(body.getBytes(StandardCharsets.UTF_8), "secret")))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("The notification's " + member[1] + " is")));
            assertThat(log.window().length()).as(member[0] + " kept nothing").isZero();
        }
        String earliest = BODY.replace("\"created_at\":1767225600", "\"created_at\":1")
                .replace("contact.user.created", "contact.user." + "x".repeat(100 - "contact.user.".length()));
        intake.perform(post("/webhooks/intercom").content(earliest).header(Signature.HEADER, Signature.sign(earliest.getBytes(StandardCharsets.UTF_8), "secret")))
                .andExpect(status().isOk());
        assertThat(log.window().length()).as("created_at 1 and a topic of 100 characters are valid").isEqualTo(1);
    }

    static MockMvc intake(List<String> secrets, EventLog log) {
        EventLogProperties properties = new EventLogProperties(Duration.ofHours(1), 10, DataSize.ofMegabytes(1), Duration.ofSeconds(1), 1, 10,
                DataSize.ofMegabytes(4), 64, Duration.ofSeconds(1), 10, Duration.ofSeconds(10));
        return MockMvcBuilders.standaloneSetup(new WebhookController(new ClientSecrets(secrets),
                new WebhookProperties(DataSize.ofKilobytes(64)), new EventStream(log, properties), cache(new SimpleMeterRegistry()),
                new SimpleMeterRegistry(), JsonMapper.builder().build())).build();
    }

    static ReadCache cache(SimpleMeterRegistry meters) {
        return ReadCache.local(new CacheProperties(true, Duration.ofSeconds(5), Duration.ofMinutes(10), DataSize.ofKilobytes(256),
                DataSize.ofMegabytes(1)), Duration.ofSeconds(5), meters);
    }

    /** CloudEvents 1.0 forbids an empty id; a blank one would also make every later blank id a "duplicate". Each required field alike. */
    @Test
    void blankRequiredFieldsAre400NamingTheFieldAndNothingIsKept() throws Exception {
        MemoryEventLog log = new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 100, 1 << 20);
        MockMvc intake = intake(List.of("secret"), log);
        String[][] fields = {{"\"id\":\"notif_1\"", "id"}, {"\"topic\":\"contact.user.created\"", "topic"},
                {"\"app_id\":\"abc\"", "app_id"}, {"\"type\":\"notification_event\"", "type"}};
        for (String[] field : fields) {
            for (String blank : List.of("", " ", "\\t", "  \\n ")) {
                String body = BODY.replace(field[0], "\"" + field[1] + "\":\"" + blank + "\"");
                assertThat(body).isNotEqualTo(BODY);
                intake.perform(post("/webhooks/intercom").content(body)
                                .header(Signature.HEADER, Signature.sign(body.getBytes(StandardCharsets.UTF_8), "secret")))
                        .andExpect(status().isBadRequest())
                        .andExpect(content().string(org.hamcrest.Matchers.containsString("The notification's " + field[1] + " is")));
            }
        }
        assertThat(log.window().length()).as("nothing kept").isZero();
        for (String id : List.of("notif_a", "notif_b")) {
            String body = BODY.replace("notif_1", id);
            intake.perform(post("/webhooks/intercom").content(body)
                    .header(Signature.HEADER, Signature.sign(body.getBytes(StandardCharsets.UTF_8), "secret"))).andExpect(status().isOk());
        }
        assertThat(log.window().length()).as("different ids are no duplicates").isEqualTo(2);
    }

    /** A lone surrogate (valid JSON) is kept as U+FFFD, in the id (what duplicates share) as in the item. */
    @Test
    void loneSurrogatesAreKeptAsReplacementCharacters() throws Exception {
        MemoryEventLog log = new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 100, 1 << 20);
        MockMvc intake = intake(List.of("secret"), log);
        String body = BODY.replace("\"id\":\"1\"}", "\"id\":\"1\",\"name\":\"\\ud800\"}").replace("notif_1", "notif_\\udc00");
        intake.perform(post("/webhooks/intercom").content(body)
                .header(Signature.HEADER, Signature.sign(body.getBytes(StandardCharsets.UTF_8), "secret"))).andExpect(status().isOk());
        String kept = log.after(null, 10).getFirst().cloudEvent();
        assertThat(kept).contains("\"name\":\"\ufffd\"", "\"id\":\"notif_\ufffd\"");
        assertThat(new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(kept);
    }

    @Test
    void everyRejectedAndIgnoredReasonIsExportedFromTheStart() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        intake(List.of("secret"), meters);
        for (String reason : List.of("signature", "malformed", "too_large", "unavailable")) {
            assertThat(meters.find("gateway.webhooks.rejected").tag("reason", reason).counter()).as(reason).isNotNull();
        }
        for (String reason : List.of("ping", "topic")) {
            assertThat(meters.find("gateway.webhooks.ignored").tag("reason", reason).counter()).as(reason).isNotNull();
        }
    }
}
