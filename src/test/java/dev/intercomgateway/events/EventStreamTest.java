package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

class EventStreamTest {

    static EventLogProperties properties(int buffer) {
        return new EventLogProperties(Duration.ofHours(1), 1000, DataSize.ofMegabytes(1), Duration.ofMillis(100), 2, buffer,
                Duration.ofMillis(50), 500);
    }

    static NewEvent event(String id, String topic, String scope) {
        return new NewEvent(id, topic, Set.of(scope), "{\"id\":\"" + id + "\"}");
    }

    /** Collects what a subscription writes, and fails the write once told to (the client went away). */
    static final class Client extends OutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile boolean gone;

        @Override
        public synchronized void write(int b) throws IOException {
            if (gone) {
                throw new IOException("gone");
            }
            written.write(b);
        }

        synchronized String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void liveEventsReachOnlyTheSubscribersThatMayReadThem() throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20), properties(10))) {
            Subscription users = stream.subscribe("a", new EventFilter(Set.of("events:read", "users:read"), List.of()));
            Client client = new Client();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    new SubscriptionWriter(stream, users, Duration.ofMillis(100), client, client::flush).run(null);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            stream.append(event("notif_1", "conversation.admin.replied", "conversations:read"));
            stream.append(event("notif_2", "contact.user.created", "users:read"));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!client.text().contains("notif_2") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.text()).contains("notif_2").doesNotContain("notif_1").contains(": heartbeat");
            client.gone = true;
            writer.join(2000);
            assertThat(writer.isAlive()).isFalse();
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsDisconnectedAndTheOthersAreNot() throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20), properties(2))) {
            Subscription slow = stream.subscribe("slow", new EventFilter(null, List.of()));
            Subscription reading = stream.subscribe("reading", new EventFilter(null, List.of()));
            Client client = new Client();
            String[] outcome = new String[1];
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    outcome[0] = new SubscriptionWriter(stream, reading, Duration.ofMillis(100), client, client::flush).run(null);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            for (int i = 0; i < 5; i++) {
                stream.append(event("notif_" + i, "contact.user.created", "users:read"));
                Thread.sleep(100); // the reading subscriber keeps up; the slow one reads nothing
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!client.text().contains("notif_4") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.text()).contains("notif_0", "notif_4");
            assertThat(slow.overflowed()).as("2 buffered at most, 5 came, none read").isTrue();
            assertThat(reading.overflowed()).isFalse();
            Client slowClient = new Client();
            assertThat(new SubscriptionWriter(stream, slow, Duration.ofMillis(100), slowClient, slowClient::flush).run(null))
                    .isEqualTo("overflowed");
            assertThat(slowClient.text()).contains("fell behind; reconnect with Last-Event-ID");
            client.gone = true;
            writer.join(2000);
            assertThat(outcome[0]).isEqualTo("disconnected");
        }
    }

    @Test
    void aCallerHoldsAtMostItsCapOfSubscriptions() {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20), properties(2))) {
            Subscription first = stream.subscribe("app", new EventFilter(null, List.of()));
            assertThat(stream.subscribe("app", new EventFilter(null, List.of()))).isNotNull();
            assertThat(stream.subscribe("app", new EventFilter(null, List.of()))).isNull();
            assertThat(stream.subscribe("other", new EventFilter(null, List.of()))).isNotNull();
            stream.unsubscribe(first);
            assertThat(stream.subscribe("app", new EventFilter(null, List.of()))).isNotNull();
        }
    }
}
