package dev.intercomgateway.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Writes one subscription: the events after its start from the log, then live ones from its buffer, with heartbeats. */
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

    /** @return why it ended: "disconnected" (the client went away) or "overflowed" (it fell behind) */
    String run(LogId from) throws IOException {
        try {
            write(": subscribed\nretry: 2000\n\n");
            LogId position = from;
            if (position == null) {
                position = stream.log().window().last();
            } else {
                List<LoggedEvent> backlog;
                do {
                    backlog = stream.log().after(position, 500);
                    for (LoggedEvent event : backlog) {
                        if (subscription.wants(event)) {
                            send(event);
                        }
                        position = event.logId();
                    }
                } while (backlog.size() == 500);
            }
            while (true) {
                LoggedEvent event = subscription.next(heartbeatMillis);
                if (subscription.overflowed()) {
                    write(": disconnected: this subscriber fell behind; reconnect with Last-Event-ID\n\n");
                    return "overflowed";
                }
                if (event == null) {
                    write(": heartbeat\n\n");
                } else if (position == null || event.logId().compareTo(position) > 0) {
                    send(event);
                    position = event.logId();
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
