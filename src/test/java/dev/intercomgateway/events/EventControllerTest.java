package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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

    static MockMvc events() {
        EventLogProperties properties = new EventLogProperties(Duration.ofHours(1), 10, DataSize.ofMegabytes(1), Duration.ofSeconds(1), 1, 10,
                DataSize.ofMegabytes(4), Duration.ofSeconds(1), 10);
        EventStream stream = new EventStream(new UnreachableLog(), properties);
        return MockMvcBuilders.standaloneSetup(new EventController(stream, properties, new CallerAuthenticationManager(null))).build();
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
}
