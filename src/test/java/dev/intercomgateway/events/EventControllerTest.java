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
            assertThat(output.getOut()).contains("\"topics\":[],\"status\":429,\"reason\":\"max_subscriptions_per_caller\"},\"outcome\":\"refused\"");
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
            assertThat(output.getOut()).contains("\"after\":\"" + admin + "\",\"topics\":[\"contact.\"],\"status\":410},\"outcome\":\"refused\"");
            events.perform(get("/api/v1/events?after=yesterday").accept("application/json")).andExpect(status().isBadRequest());
            assertThat(output.getOut()).contains("\"after\":\"yesterday\",\"topics\":[],\"status\":400},\"outcome\":\"refused\"");
            events.perform(get("/api/v1/events?topics=Contact.").accept("text/event-stream")).andExpect(status().isBadRequest());
            assertThat(output.getOut()).contains("\"topics\":[\"Contact.\"],\"status\":400},\"outcome\":\"refused\"");
            events.perform(get("/api/v1/events?limit=0").accept("application/json")).andExpect(status().isBadRequest());
            assertThat(output.getOut()).contains("\"after\":null,\"topics\":[],\"status\":400},\"outcome\":\"refused\"");
        }
    }

    /** Accept with q-values and any case; SSE for no preference; 406 (problem+json) for what neither form is. */
    @Test
    void theFormFollowsAcceptsQualitiesAndCaseAndAnythingElseIs406() throws Exception {
        String stream = "text/event-stream";
        String page = "application/json";
        String[][] cases = {{null, stream}, {"*/*", stream}, {"text/event-stream", stream}, {"text/*", stream},
                {"application/json", page}, {"APPLICATION/JSON", page}, {"Application/Json; charset=UTF-8", page}, {"application/*", page},
                {"application/json;q=0.9, text/event-stream;q=0.1", page}, {"text/event-stream;q=0.2, application/json;q=0.3", page},
                {"text/event-stream, application/json", stream}, {"application/json, */*;q=0.1", page},
                {"*/*, text/event-stream;q=0", page}, {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", stream},
                {"application/x-ndjson", null}, {"text/html", null}, {"text/event-stream;q=0", null}, {"application/json;q=0", null},
                {"not a media type", null}};
        for (String[] accept : cases) {
            assertThat(EventRepresentation.negotiate(accept[0]).map(Object::toString).orElse(null)).as(String.valueOf(accept[0])).isEqualTo(accept[1]);
        }
        MockMvc events = events();
        for (String unacceptable : List.of("application/x-ndjson", "text/html", "text/event-stream;q=0, application/json;q=0")) {
            var refused = events.perform(get("/api/v1/events").header("Accept", unacceptable)).andExpect(status().isNotAcceptable())
                    .andExpect(header().string("Content-Type", "application/problem+json")).andReturn();
            events.perform(asyncDispatch(refused)).andExpect(jsonPath("$.status").value(406));
        }
    }

    /** A page whose writing fails (here: an event stored with a lone surrogate, as before the intake replaced them) is audited. */
    @Test
    void aPageThatFailsIsAuditedWithItsStatus(CapturedOutput output) throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 10, 1 << 20), PROPERTIES)) {
            stream.append(new NewEvent("notif_1", "contact.user.created", Set.of("users:read"), "{\"name\":\"\ud800\"}"));
            MockMvc events = events(stream);
            var started = events.perform(get("/api/v1/events").accept("application/json")).andReturn();
            try {
                events.perform(asyncDispatch(started));
            } catch (Exception | AssertionError failed) {
                // the failure itself is the container's to answer (500)
            }
            assertThat(output.getOut()).contains("\"status\":500},\"outcome\":\"failed\"").doesNotContain("\"outcome\":\"page\"");
        }
    }

    /** An id past the newest event but within the clock tolerance, nothing dropped after it: an empty page, going on from the newest. */
    @Test
    void anIdAheadOfTheLogWithinTheToleranceResumesWithTheNextEvent() throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 10, 1 << 20), PROPERTIES)) {
            String last = stream.append(new NewEvent("notif_1", "contact.user.created", Set.of("users:read"), "{\"id\":\"notif_1\"}"));
            String ahead = (System.currentTimeMillis() + 30_000) + "-0";
            MockMvc events = events(stream);
            var empty = events.perform(get("/api/v1/events?after=" + ahead).accept("application/json")).andExpect(status().isOk()).andReturn();
            events.perform(asyncDispatch(empty)).andExpect(jsonPath("$.data.length()").value(0)).andExpect(jsonPath("$.next_after").value(last));
            events.perform(get("/api/v1/events").header("Last-Event-ID", ahead).accept("text/event-stream")).andExpect(status().isOk());
            String next = stream.append(new NewEvent("notif_2", "contact.user.created", Set.of("users:read"), "{\"id\":\"notif_2\"}"));
            var more = events.perform(get("/api/v1/events?after=" + last).accept("application/json")).andReturn();
            events.perform(asyncDispatch(more)).andExpect(jsonPath("$.data[0].id").value(next));
        }
    }

    /** A log that retains nothing after losing events the caller would receive: 410 naming where to go on (its newest id). */
    @Test
    void anEmptyLogThatLostEventsAnswers410WithWhereToResume() throws Exception {
        dev.intercomgateway.intercom.MutableClock clock = new dev.intercomgateway.intercom.MutableClock(java.time.Instant.now());
        try (EventStream stream = new EventStream(new MemoryEventLog(clock, Duration.ofHours(1), 10, 1 << 20), PROPERTIES)) {
            String first = stream.append(new NewEvent("notif_1", "contact.user.created", Set.of("users:read"), "{}"));
            String last = stream.append(new NewEvent("notif_2", "contact.user.created", Set.of("users:read"), "{}"));
            clock.advance(Duration.ofHours(2));
            MockMvc events = events(stream);
            events.perform(get("/api/v1/events?after=" + first).accept("application/json")).andExpect(status().isGone())
                    .andExpect(result -> assertThat(((org.springframework.web.ErrorResponseException) result.getResolvedException()).getBody()
                            .getProperties()).containsEntry("resume_after", last).containsEntry("oldest_id", null));
        }
    }
}
