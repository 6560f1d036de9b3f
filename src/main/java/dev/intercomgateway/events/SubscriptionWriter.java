package dev.intercomgateway.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes one subscription from the log, by its own position: a bounded batch at a time, then waits
 * for news or the heartbeat. Its SSE {@code id:} follows the newest log position it has looked at,
 * also past events it skipped (other topics, other scopes), after every batch and on heartbeats, in
 * blocks with an {@code id:} line and no {@code data:} line: per the WHATWG HTML Server-Sent Events
 * processing model such a block sets the client's last event ID without dispatching an event, so a
 * reconnect's {@code Last-Event-ID} is never older than what the subscriber has already been offered.
 * <p>
 * Every write is watched ({@link EventStream#end}: one stalled for {@code stall-timeout} drops the
 * subscriber). While idle it writes a comment line every {@link #PROBE}: a container notices a
 * client's closed connection only when a write to it fails, so its slot is released within about
 * two probes instead of two heartbeats.
 */
final class SubscriptionWriter {

    /** How often an idle subscription writes {@code ":\n"} (an SSE comment, ignored by clients) to find a closed connection. */
    static final Duration PROBE = Duration.ofSeconds(1);
    /** Largest single write: a stall is a write that makes no progress, not a large one on a slow link. */
    private static final int WRITE_CHUNK = 4096;

    private final EventStream stream;
    private final Subscription subscription;
    private final long heartbeatMillis;
    private final OutputStream out;
    private final Flush flush;

    /** Pushes what was written to the client; the stream's own flush does not always reach the connection. */
    interface Flush {
        void flush() throws IOException;
    }

    /** The subscription was ended from elsewhere (its write stalled): the writer stops. */
    private static final class Ended extends Exception {
        Ended() {
            super(null, null, false, false);
        }
    }

    SubscriptionWriter(EventStream stream, Subscription subscription, Duration heartbeat, OutputStream out, Flush flush) {
        this.stream = stream;
        this.subscription = subscription;
        this.heartbeatMillis = heartbeat.toMillis();
        this.out = out;
        this.flush = flush;
    }

    long written() {
        return subscription.written();
    }

    /**
     * Writes until the subscription ends, then ends it ({@link EventStream#end}) unless it was ended
     * from elsewhere.
     *
     * @return why it ended: "disconnected" (the client went away), "overflowed" (it fell behind the
     *     retention and an event it would receive was dropped), "stalled" (a write made no progress for
     *     stall-timeout), "shutdown" (the replica stops), "unavailable" or "stopped"
     */
    String run(LogId from) throws IOException {
        String outcome = write(from);
        if (!stream.end(subscription, outcome)) {
            return subscription.ended();
        }
        return outcome;
    }

    private String write(LogId from) throws IOException {
        try {
            write(": subscribed\nretry: 2000\n\n");
            LogId position = from != null ? from : stream.log().window().last();
            LogId announced = position;
            subscription.at(position);
            long checkEvery = stream.log().resumeCheckNanos();
            long checked = System.nanoTime() - checkEvery - 1;
            while (true) {
                long version = stream.version();
                // a log that is not local (Redis) is asked at most every checkEvery: a subscriber blocked for less
                // cannot have fallen out of a retention of a second or more unless max-length events came meanwhile
                if (position != null && System.nanoTime() - checked >= checkEvery
                        && !stream.log().resumableAfter(position, subscription.filter())) {
                    write(": disconnected: this subscriber fell behind the log's retention; reconnect with Last-Event-ID\n\n");
                    return "overflowed";
                }
                if (System.nanoTime() - checked >= checkEvery) {
                    checked = System.nanoTime();
                }
                subscription.hold(stream.batchAfter(position));
                boolean read = false;
                for (LoggedEvent event = subscription.next(); event != null; event = subscription.next()) {
                    read = true;
                    if (subscription.wants(event)) {
                        send(event);
                        announced = event.logId();
                    }
                    position = event.logId();
                    subscription.at(position);
                    subscription.release(event);
                }
                if (subscription.ended() != null) {
                    throw new Ended();
                }
                if (position != null && !position.equals(announced)) {
                    write("id: " + position + "\n\n");
                    announced = position;
                }
                if (read) {
                    continue;
                }
                if (!idle(version)) {
                    write(position == null ? ": heartbeat\n\n" : "id: " + position + "\n: heartbeat\n\n");
                }
            }
        } catch (Ended ended) {
            if ("shutdown".equals(subscription.ended())) {
                sayShuttingDown();
            }
            return subscription.ended();
        } catch (IOException clientGone) {
            return subscription.ended() != null ? subscription.ended() : "disconnected";
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return "stopped";
        } catch (EventLogUnavailableException unavailable) {
            writeQuietly(": the event log is unavailable; reconnect with Last-Event-ID\n\n");
            return "unavailable";
        }
    }

    /** Waits for news up to the heartbeat, probing the connection every {@link #PROBE}; @return whether news came */
    private boolean idle(long version) throws InterruptedException, IOException, Ended {
        long deadline = System.nanoTime() + heartbeatMillis * 1_000_000;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            if (stream.awaitNews(version, Math.min(left, PROBE.toMillis()), subscription)) {
                if (subscription.ended() != null) {
                    throw new Ended();
                }
                return true;
            }
            if (deadline - System.nanoTime() > 0) {
                write(":\n");
            }
        }
    }

    private void send(LoggedEvent event) throws IOException, Ended {
        write("id: " + event.id() + "\ndata: " + event.cloudEvent() + "\n\n");
        subscription.sent();
    }

    private void write(String text) throws IOException, Ended {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int from = 0; from < bytes.length; from += WRITE_CHUNK) {
            int offset = from;
            watched(() -> out.write(bytes, offset, Math.min(WRITE_CHUNK, bytes.length - offset)));
        }
        watched(() -> {
            out.flush();
            flush.flush();
        });
    }

    private interface Write {
        void run() throws IOException;
    }

    private void watched(Write write) throws IOException, Ended {
        if (subscription.ended() != null) {
            throw new Ended();
        }
        subscription.writing();
        try {
            write.run();
        } finally {
            subscription.wrote();
        }
        if (subscription.ended() != null) {
            throw new Ended();
        }
    }

    /** Written past the watch (the subscription has ended); a few bytes, so only a client already stalled can block it. */
    private void sayShuttingDown() {
        try {
            out.write(": this replica is shutting down; reconnect with Last-Event-ID\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            flush.flush();
        } catch (IOException ignored) {
            // the client is gone; it reconnects with its Last-Event-ID anyway
        }
    }

    private void writeQuietly(String text) {
        try {
            write(text);
        } catch (IOException | Ended ignored) {
            // the client is gone or dropped; it reconnects with its Last-Event-ID anyway
        }
    }
}
