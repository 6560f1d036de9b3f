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
        return properties(buffer, Duration.ofMinutes(1), Duration.ofMillis(100));
    }

    static EventLogProperties properties(int buffer, Duration stallTimeout, Duration heartbeat) {
        return new EventLogProperties(Duration.ofHours(1), 1000, DataSize.ofMegabytes(1), heartbeat, 2, buffer,
                DataSize.ofKilobytes(64), 4, Duration.ofMillis(50), 500, stallTimeout);
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

    /**
     * A client that takes the subscription's first lines, then stops reading: its writes block until released,
     * then go on ({@code failOnRelease} false) or fail, as when the container's own timeout ends the write.
     */
    static final class StuckClient extends OutputStream {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final boolean failOnRelease;
        long taken;

        StuckClient() {
            this(false);
        }

        StuckClient(boolean failOnRelease) {
            this.failOnRelease = failOnRelease;
        }

        @Override
        public void write(int b) throws IOException {
            if (++taken > 64) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                if (failOnRelease) {
                    throw new IOException("the container's own timeout ended the write");
                }
            }
        }
    }

    static Thread run(EventStream stream, Subscription subscription, OutputStream client, String[] outcome) {
        return Thread.ofVirtual().start(() -> {
            try {
                outcome[0] = new SubscriptionWriter(stream, subscription, Duration.ofMillis(100), client, () -> { }).run(null);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void subscribersThatStopReadingHoldABoundedNumberOfBytesAndTheOthersKeepReceiving() throws Exception {
        // the log may hold 64 MB; each subscriber at most 64 KB (or one event) of it
        MemoryEventLog log = new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 10_000, 64 << 20);
        try (EventStream stream = new EventStream(log, properties(1000))) {
            Subscription stuck1 = stream.subscribe("stuck", new EventFilter(null, List.of()));
            Subscription stuck2 = stream.subscribe("stuck", new EventFilter(null, List.of()));
            Subscription reading = stream.subscribe("reading", new EventFilter(null, List.of()));
            StuckClient client1 = new StuckClient();
            StuckClient client2 = new StuckClient();
            Client client = new Client();
            String[] outcomes = new String[3];
            Thread writer1 = run(stream, stuck1, client1, new String[1]);
            Thread writer2 = run(stream, stuck2, client2, new String[1]);
            Thread writer = run(stream, reading, client, outcomes);
            Thread.sleep(200);
            long mostHeld = 0;
            String item = "x".repeat(30_000); // about 60 KB in memory
            for (int i = 0; i < 200; i++) {
                stream.append(new NewEvent("notif_" + i, "contact.user.created", Set.of("users:read"), "{\"n\":" + i + ",\"item\":\"" + item + "\"}"));
                mostHeld = Math.max(mostHeld, stream.bufferedBytes());
            }
            await(() -> client.text().contains("\"n\":199,"));
            mostHeld = Math.max(mostHeld, stream.bufferedBytes());
            assertThat(client.text()).as("the reading subscriber gets every event").contains("\"n\":0,", "\"n\":199,");
            assertThat(stuck1.bufferedBytes() + stuck2.bufferedBytes()).as("each stuck one holds one batch: 64 KB, or one event")
                    .isPositive().isLessThan(2 * (64 * 1024 + 61_000));
            assertThat(mostHeld).as("12 MB were appended").isLessThan(3 * (64 * 1024 + 61_000));
            client.gone = true;
            writer.join(2000);
            assertThat(outcomes[0]).isEqualTo("disconnected");
            client1.release.countDown();
            client2.release.countDown();
            writer1.interrupt();
            writer2.interrupt();
        }
    }

    @Test
    void aSubscriberWhosePositionLeftTheRetentionIsDroppedAndResumesById() throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 5, 1 << 20), properties(2))) {
            Subscription slow = stream.subscribe("slow", new EventFilter(null, List.of()));
            StuckClient client = new StuckClient();
            String[] outcome = new String[1];
            Thread writer = run(stream, slow, client, outcome);
            Thread.sleep(200);
            stream.append(event("notif_first", "contact.user.created", "users:read"));
            await(() -> slow.buffered() > 0);
            for (int i = 0; i < 20; i++) {
                stream.append(event("notif_" + i, "contact.user.created", "users:read"));
            }
            client.release.countDown();
            writer.join(5000);
            assertThat(outcome[0]).as("5 kept, 20 came while it read nothing").isEqualTo("overflowed");
        }
    }

    @Test
    void theStreamsIdFollowsTheLogPastEventsTheSubscriberDoesNotReceive() throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20), properties(10))) {
            Subscription admins = stream.subscribe("a", new EventFilter(Set.of("events:read", "admins:read", "users:read"), List.of("admin.")));
            Client client = new Client();
            String[] outcome = new String[1];
            Thread writer = run(stream, admins, client, outcome);
            Thread.sleep(200);
            String admin = stream.append(event("notif_admin", "admin.away_mode_updated", "admins:read"));
            String contact = null;
            for (int i = 0; i < 3; i++) {
                contact = stream.append(event("notif_" + i, "contact.user.created", "users:read"));
            }
            String last = contact;
            await(() -> client.text().contains("id: " + last + "\n"));
            String text = client.text();
            assertThat(text).contains("id: " + admin + "\ndata: {\"id\":\"notif_admin\"}\n\n").doesNotContain("notif_0");
            assertThat(text).as("an id-only block: sets Last-Event-ID, dispatches nothing").contains("\n\nid: " + last + "\n\n");
            await(() -> client.text().contains("id: " + last + "\n: heartbeat"));
            assertThat(client.text()).as("heartbeats carry the position too").contains("id: " + last + "\n: heartbeat\n\n");
            client.gone = true;
            writer.join(2000);
        }
    }

    /** Callers may be JWT subjects, without bound over time: one whose subscriptions all ended leaves nothing behind. */
    @Test
    void aCallerWithNoSubscriptionLeftKeepsNoCount() {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20), properties(2))) {
            for (int i = 0; i < 100; i++) {
                Subscription one = stream.subscribe("jwt:subject-" + i, new EventFilter(null, List.of()));
                stream.end(one, "closed");
            }
            assertThat(stream.callersSubscribed()).isZero();
            Subscription first = stream.subscribe("app", new EventFilter(null, List.of()));
            stream.subscribe("app", new EventFilter(null, List.of()));
            stream.unsubscribe(first);
            assertThat(stream.callersSubscribed()).isEqualTo(1);
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

    @Test
    void aReplicaHoldsAtMostMaxSubscribersOfAllCallers() {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20), properties(2))) {
            Subscription first = stream.subscribe("a", new EventFilter(null, List.of()));
            stream.subscribe("a", new EventFilter(null, List.of()));
            stream.subscribe("b", new EventFilter(null, List.of()));
            assertThat(stream.subscribe("c", new EventFilter(null, List.of()))).as("the fourth of 4").isNotNull();
            assertThat(stream.full()).isTrue();
            assertThat(stream.subscribe("d", new EventFilter(null, List.of()))).as("within its own cap, over the replica's").isNull();
            stream.unsubscribe(first);
            assertThat(stream.full()).isFalse();
            assertThat(stream.subscribe("d", new EventFilter(null, List.of()))).isNotNull();
        }
    }

    @Test
    void aSubscriberWhoseWriteStallsIsDroppedAtOnceReleasingItsSlotAndBatchAndResumesById() throws Exception {
        // its position also leaves the retention (5 kept, 30 come): the case that was never cut
        MemoryEventLog log = new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 5, 1 << 20);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (EventStream stream = new EventStream(log, properties(10, Duration.ofMillis(300), Duration.ofSeconds(30)))) {
            stream.bindTo(meters);
            Subscription stalled = stream.subscribe("app", new EventFilter(null, List.of()));
            List<String> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
            stalled.onEnd(ends::add);
            StuckClient client = new StuckClient(true); // never reads again: its connection's buffers are full
            String[] outcome = new String[1];
            Thread writer = run(stream, stalled, client, outcome);
            Thread.sleep(100);
            for (int i = 0; i < 30; i++) {
                stream.append(new NewEvent("notif_" + i, "contact.user.created", Set.of("users:read"), "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(2000) + "\"}"));
            }
            await(() -> !ends.isEmpty());
            assertThat(ends).as("one audit line, at once, while the write is still blocked").containsExactly("stalled");
            assertThat(writer.isAlive()).isTrue();
            assertThat(meters.get("gateway.events.subscribers").gauge().value()).isZero();
            assertThat(meters.get("gateway.events.subscribers.buffered.bytes").gauge().value()).isZero();
            assertThat(stalled.bufferedBytes()).as("its batch is let go").isZero();
            assertThat(meters.get("gateway.events.subscribers.dropped").tag("reason", "stalled").functionCounter().count()).isEqualTo(1);
            assertThat(stream.subscribe("app", new EventFilter(null, List.of()))).isNotNull();
            assertThat(stream.subscribe("app", new EventFilter(null, List.of()))).as("its slot is free: the cap is 2").isNotNull();

            client.release.countDown();
            writer.join(5000);
            assertThat(outcome[0]).isEqualTo("stalled");
            assertThat(ends).as("ended once").hasSize(1);
        }
    }

    @Test
    void anIdleSubscriptionWhoseClientWentAwayIsReleasedWithinSecondsNotAtTheHeartbeat() throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20),
                properties(10, Duration.ofMinutes(1), Duration.ofSeconds(60)))) {
            Subscription idle = stream.subscribe("app", new EventFilter(null, List.of()));
            List<String> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
            idle.onEnd(ends::add);
            Client client = new Client();
            String[] outcome = new String[1];
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    outcome[0] = new SubscriptionWriter(stream, idle, Duration.ofSeconds(60), client, () -> { }).run(null);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            await(() -> client.text().contains(": subscribed"));
            client.gone = true;
            long closed = System.nanoTime();
            writer.join(5000);
            assertThat(writer.isAlive()).as("ended by a probe, not the 60 s heartbeat").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(3));
            assertThat(outcome[0]).isEqualTo("disconnected");
            assertThat(ends).containsExactly("disconnected");
            assertThat(stream.full()).isFalse();
            assertThat(stream.subscribe("app", new EventFilter(null, List.of()))).isNotNull();
            assertThat(stream.subscribe("app", new EventFilter(null, List.of()))).as("the slot was released: the cap is 2").isNotNull();
        }
    }

    @Test
    void aFilteredSubscriberGetsAnIdOnlyBlockAfterEachBatchOfSkippedEventsNotOnlyWhenIdle() throws Exception {
        try (EventStream stream = new EventStream(new MemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20), properties(2))) {
            String start = stream.append(event("notif_admin", "admin.away_mode_updated", "admins:read"));
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(stream.append(event("notif_" + i, "contact.user.created", "users:read")));
            }
            Subscription admins = stream.subscribe("a", new EventFilter(null, List.of("admin.")));
            Client client = new Client();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    new SubscriptionWriter(stream, admins, Duration.ofSeconds(30), client, () -> { }).run(LogId.parse(start));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            await(() -> client.text().contains("id: " + ids.getLast() + "\n"));
            assertThat(client.text()).as("batches of 2: the client's Last-Event-ID follows each").contains("id: " + ids.get(1) + "\n\n",
                    "id: " + ids.get(3) + "\n\n", "id: " + ids.get(5) + "\n\n", "id: " + ids.get(7) + "\n\n").doesNotContain("data:");
            client.gone = true;
            writer.join(3000);
        }
    }

    /** Lag by position (time between the log's newest event and the subscriber's), which also sees what sits unread in socket buffers. */
    @Test
    void theLagGaugeIsTheLargestTimeBetweenTheLogsHeadAndASubscribersPosition() throws Exception {
        dev.intercomgateway.intercom.MutableClock clock = new dev.intercomgateway.intercom.MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        try (EventStream stream = new EventStream(new MemoryEventLog(clock, Duration.ofHours(1), 1000, 1 << 20), properties(10))) {
            io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            stream.bindTo(meters);
            Subscription behind = stream.subscribe("a", new EventFilter(null, List.of()));
            Subscription current = stream.subscribe("b", new EventFilter(null, List.of()));
            assertThat(meters.get("gateway.events.subscribers.lag").gauge().value()).as("an empty log").isZero();
            LogId first = LogId.parse(stream.append(event("notif_1", "contact.user.created", "users:read")));
            behind.at(first);
            clock.advance(Duration.ofSeconds(7));
            LogId last = LogId.parse(stream.append(event("notif_2", "contact.user.created", "users:read")));
            current.at(last);
            assertThat(meters.get("gateway.events.subscribers.lag").gauge().value()).isEqualTo(7.0);
            behind.at(last);
            assertThat(meters.get("gateway.events.subscribers.lag").gauge().value()).isZero();

            Client client = new Client();
            Subscription written = stream.subscribe("c", new EventFilter(null, List.of()));
            clock.advance(Duration.ofSeconds(3));
            stream.append(event("notif_3", "contact.user.created", "users:read"));
            Thread writer = run(stream, written, client, new String[1]);
            // its writer starts at the newest and follows what it writes
            clock.advance(Duration.ofSeconds(2));
            String newest = stream.append(event("notif_4", "contact.user.created", "users:read"));
            await(() -> client.text().contains("id: " + newest + "\n"));
            assertThat(written.position()).isEqualTo(LogId.parse(newest));
            client.gone = true;
            writer.join(2000);
        }
    }

    /** A log that counts how often it is asked for its newest id (what the follower polls). */
    static final class CountingLog extends MemoryEventLog {
        final java.util.concurrent.atomic.AtomicInteger lastCalls = new java.util.concurrent.atomic.AtomicInteger();

        CountingLog() {
            super(Clock.systemUTC(), Duration.ofHours(1), 1000, 1 << 20);
        }

        @Override
        public LogId last() {
            lastCalls.incrementAndGet();
            return super.last();
        }
    }

    @Test
    void stoppingEndsEverySubscriberAndStopsFollowingTheLogBeforeItsConnectionCloses() throws Exception {
        CountingLog log = new CountingLog();
        try (EventStream stream = new EventStream(log, properties(10))) {
            Subscription live = stream.subscribe("a", new EventFilter(null, List.of()));
            Client client = new Client();
            String[] outcome = new String[1];
            Thread writer = run(stream, live, client, outcome);
            await(() -> client.text().contains(": subscribed"));

            stream.stop();

            writer.join(2000);
            assertThat(writer.isAlive()).as("an endless answer must not hold the web server's graceful shutdown").isFalse();
            assertThat(outcome[0]).isEqualTo("shutdown");
            assertThat(client.text()).endsWith(": this replica is shutting down; reconnect with Last-Event-ID\n\n");
            assertThat(stream.isRunning()).isFalse();
            assertThat(stream.subscribe("b", new EventFilter(null, List.of())).ended()).as("no new subscriber while stopping")
                    .isEqualTo("shutdown");
            Thread.sleep(200);
            int polls = log.lastCalls.get();
            Thread.sleep(300);
            assertThat(log.lastCalls.get()).as("the follower no longer reads the log (properties poll every 50 ms)").isEqualTo(polls);

            stream.start();
            await(() -> log.lastCalls.get() > polls);
            assertThat(log.lastCalls.get()).as("started again, it follows again").isGreaterThan(polls);
        }
    }
}
