package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.security.CallerIdentity;
import dev.intercomgateway.web.InvalidRequestException;
import dev.intercomgateway.security.SecurityConfiguration.CallerAuthenticationManager;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;

/** The subscriptions' answers when the log's Redis is down: a 503 to retry, as the intake answers. */
@ExtendWith(OutputCaptureExtension.class)
class EventControllerTest {

    /** A log whose Redis is down. */
    static final class UnreachableLog implements EventLog {
        static EventLogUnavailableException down() {
            return new EventLogUnavailableException("The event log's Redis is unreachable", new IllegalStateException("connection refused"));
        }

        @Override
        public String append(NewEvent event) {
            throw down();
        }

        @Override
        public List<LoggedEvent> after(LogId after, int limit) {
            throw down();
        }

        @Override
        public boolean contains(LogId id) {
            throw down();
        }

        @Override
        public Window window() {
            throw down();
        }
    }

    static final EventLogProperties PROPERTIES = new EventLogProperties(Duration.ofHours(1), 10, DataSize.ofMegabytes(1), Duration.ofSeconds(1), 1,
            10, DataSize.ofMegabytes(4), 64, Duration.ofSeconds(1), 10, Duration.ofSeconds(10));

    static MockMvc events() {
        return events(new EventStream(new UnreachableLog(), PROPERTIES));
    }

    static MockMvc events(EventStream stream) {
        return MockMvcBuilders.standaloneSetup(new EventController(stream, PROPERTIES, new CallerAuthenticationManager(null), JsonMapper.builder().build())).build();
    }

    @Test
    void pagesAndRefusedStreamsAreAuditedFutureIdsAre400AndZeroStartsFromTheStart(CapturedOutput output) throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 10, 1 << 20), PROPERTIES)) {
            String first = stream.append(new NewEvent("notif_1", "contact.user.created", Set.of("users:read"), "{\"id\":\"notif_1\"}"));
            stream.append(new NewEvent("notif_2", "contact.user.created", Set.of("users:read"), "{\"id\":\"notif_2\"}"));
            MockMvc events = events(stream);

            var started = events.perform(get("/api/v1/events?after=0-0").accept("application/json")).andExpect(status().isOk()).andReturn();
            events.perform(asyncDispatch(started)).andExpect(jsonPath("$.data[0].id").value(first)).andExpect(jsonPath("$.data.length()").value(2));
            assertThat(output.getOut()).contains("\"outcome\":\"page\"").contains("\"events\":2");

            events.perform(get("/api/v1/events?after=99999999999999-0").accept("application/json")).andExpect(status().isBadRequest())
                    .andExpect(result -> assertThat(((InvalidRequestException) result.getResolvedException()).getBody().getProperties())
                            .asString().contains("field=after", "message=is later than now: no event has this id yet"));
            events.perform(get("/api/v1/events").header("Last-Event-ID", "99999999999999-0").accept("text/event-stream"))
                    .andExpect(status().isBadRequest()).andExpect(result -> assertThat(result.getResolvedException().getMessage()).contains("Last-Event-ID"));

            Subscription held = stream.subscribe(CallerIdentity.ANONYMOUS, new EventFilter(null, List.of()));
            assertThat(held).as("the cap is 1").isNotNull();
            events.perform(get("/api/v1/events").accept("text/event-stream")).andExpect(status().isTooManyRequests());
            assertThat(output.getOut()).contains("\"outcome\":\"refused\"");
        }
    }

    /** A page holds at most subscriber-buffer-bytes (4 MB here) of events, one at least; next_after goes on from the last one looked at. */
    @Test
    void aPageOfLargeEventsIsBoundedInBytesAndGoesOnWhereItStopped() throws Exception {
        String pad = "x".repeat(1_500_000);
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 10, 64L << 20), PROPERTIES)) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(stream.append(new NewEvent("notif_" + i, "contact.user.updated", Set.of("users:read"),
                        "{\"id\":\"notif_" + i + "\",\"pad\":\"" + pad + "\"}")));
            }
            MockMvc events = events(stream);

            var first = events.perform(get("/api/v1/events?limit=10").accept("application/json")).andExpect(status().isOk()).andReturn();
            events.perform(asyncDispatch(first)).andExpect(jsonPath("$.data.length()").value(2))
                    .andExpect(jsonPath("$.data[1].event.id").value("notif_1")).andExpect(jsonPath("$.next_after").value(ids.get(1)));
            var next = events.perform(get("/api/v1/events?limit=10&after=" + ids.get(1)).accept("application/json")).andReturn();
            events.perform(asyncDispatch(next)).andExpect(jsonPath("$.data[0].event.id").value("notif_2"));
        }
    }

    @Test
    void readsOfAnUnreachableLogAre503WithRetryAfterLoggedWithoutAStackTrace(CapturedOutput output) throws Exception {
        MockMvc events = events();
        events.perform(get("/api/v1/events").accept("application/json")).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5")).andExpect(jsonPath("$.status").value(503));
        events.perform(get("/api/v1/events?after=1767225600000-0").accept("application/json")).andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"));
        events.perform(get("/api/v1/events").header("Last-Event-ID", "1767225600000-0").accept("text/event-stream"))
                .andExpect(status().isServiceUnavailable()).andExpect(header().exists("Retry-After"));
        assertThat(output.getOut() + output.getErr()).contains("WARN", "The event log cannot be read (java.lang.IllegalStateException: connection refused)")
                .doesNotContain("\tat dev.intercomgateway");
    }

    /** 410 only when an event the caller would have received was dropped; refusals (400, 410) are audited like the others. */
    @Test
    void aRareTopicsSubscriberResumesAfterOtherTopicsWereTrimmedAndRefusedResumesAreAudited(CapturedOutput output) throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 5, 1 << 20), PROPERTIES)) {
            String admin = stream.append(new NewEvent("notif_admin", "admin.away_mode_updated", Set.of("admins:read"), "{\"id\":\"notif_admin\"}"));
            String newest = null;
            for (int i = 0; i < 10; i++) {
                newest = stream.append(new NewEvent("notif_" + i, "contact.user.created", Set.of("users:read"), "{\"id\":\"notif_" + i + "\"}"));
            }
            MockMvc events = events(stream);

            var resumed = events.perform(get("/api/v1/events?topics=admin.&after=" + admin).accept("application/json")).andExpect(status().isOk())
                    .andReturn();
            events.perform(asyncDispatch(resumed)).andExpect(jsonPath("$.data.length()").value(0)).andExpect(jsonPath("$.next_after").value(newest));
            events.perform(get("/api/v1/events?topics=admin.").header("Last-Event-ID", admin).accept("text/event-stream"))
                    .andExpect(status().isOk());

            events.perform(get("/api/v1/events?topics=contact.&after=" + admin).accept("application/json")).andExpect(status().isGone());
            assertThat(output.getOut()).contains("\"after\":\"" + admin + "\",\"topics\":\"contact.\",\"status\":410},\"outcome\":\"refused\"");
            events.perform(get("/api/v1/events?after=yesterday").accept("application/json")).andExpect(status().isBadRequest());
            assertThat(output.getOut()).contains("\"after\":\"yesterday\",\"topics\":null,\"status\":400},\"outcome\":\"refused\"");
            events.perform(get("/api/v1/events?topics=Contact.").accept("text/event-stream")).andExpect(status().isBadRequest());
            assertThat(output.getOut()).contains("\"topics\":\"Contact.\",\"status\":400},\"outcome\":\"refused\"");
            events.perform(get("/api/v1/events?limit=0").accept("application/json")).andExpect(status().isBadRequest());
            assertThat(output.getOut()).contains("\"after\":null,\"topics\":null,\"status\":400},\"outcome\":\"refused\"");
        }
    }
}
