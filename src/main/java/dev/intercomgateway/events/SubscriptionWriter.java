package dev.intercomgateway.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Writes one subscription from the log, by its own position: a bounded batch at a time, then waits
 * for news or the heartbeat. Its SSE {@code id:} follows the newest log position it has looked at,
 * also past events it skipped (other topics, other scopes) and on heartbeats, in blocks with an
 * {@code id:} line and no {@code data:} line: per the WHATWG HTML Server-Sent Events processing
 * model such a block sets the client's last event ID without dispatching an event, so a reconnect's
 * {@code Last-Event-ID} is never older than what the subscriber has already been offered.
 */
final class SubscriptionWriter {

    private final EventStream stream;
    private final Subscription subscription;
    private final long heartbeatMillis;
    private final OutputStream out;
    private final Flush flush;
    private long written;

    /** Pushes what was written to the client; the stream's own flush does not always reach the connection. */
    interface Flush {
        void flush() throws IOException;
    }

    SubscriptionWriter(EventStream stream, Subscription subscription, Duration heartbeat, OutputStream out, Flush flush) {
        this.stream = stream;
        this.subscription = subscription;
        this.heartbeatMillis = heartbeat.toMillis();
        this.out = out;
        this.flush = flush;
    }

    long written() {
        return written;
    }

    /** @return why it ended: "disconnected" (the client went away), "overflowed" (it fell behind the retention) or "unavailable" */
    String run(LogId from) throws IOException {
        try {
            write(": subscribed\nretry: 2000\n\n");
            LogId position = from != null ? from : stream.log().window().last();
            LogId announced = position;
            long checkEvery = stream.log().resumeCheckNanos();
            long checked = System.nanoTime() - checkEvery - 1;
            while (true) {
                long version = stream.version();
                // a log that is not local (Redis) is asked at most every checkEvery: a subscriber blocked for less
                // cannot have fallen out of a retention of a second or more unless max-length events came meanwhile
                if (position != null && System.nanoTime() - checked >= checkEvery && !stream.log().resumableAfter(position)) {
                    write(": disconnected: this subscriber fell behind the log's retention; reconnect with Last-Event-ID\n\n");
                    return "overflowed";
                }
                if (System.nanoTime() - checked >= checkEvery) {
                    checked = System.nanoTime();
                }
                List<LoggedEvent> batch = stream.batchAfter(position);
                batch.forEach(subscription::hold);
                int done = 0;
                try {
                    for (LoggedEvent event : batch) {
                        if (subscription.wants(event)) {
                            send(event);
                            announced = event.logId();
                        }
                        position = event.logId();
                        subscription.release(event);
                        done++;
                    }
                } finally {
                    batch.subList(done, batch.size()).forEach(subscription::release);
                }
                if (!batch.isEmpty()) {
                    continue;
                }
                if (position != null && !position.equals(announced)) {
                    write("id: " + position + "\n\n");
                    announced = position;
                }
                if (!stream.awaitNews(version, heartbeatMillis)) {
                    write(position == null ? ": heartbeat\n\n" : "id: " + position + "\n: heartbeat\n\n");
                }
            }
        } catch (IOException clientGone) {
            return "disconnected";
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return "stopped";
        } catch (EventLogUnavailableException unavailable) {
            write(": the event log is unavailable; reconnect with Last-Event-ID\n\n");
            return "unavailable";
        }
    }

    private void send(LoggedEvent event) throws IOException {
        write("id: " + event.id() + "\ndata: " + event.cloudEvent() + "\n\n");
        written++;
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        flush.flush();
    }
}
