package dev.intercomgateway.events;

import java.time.Clock;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Where the event log is kept, how long it is and how old its oldest event is. DEGRADED (not DOWN)
 * when its Redis is unreachable: the API still serves, but the intake answers 503 until it returns.
 */
public class EventLogHealthIndicator implements HealthIndicator {

    private final EventLog eventLog;
    private final String store;
    private final Clock clock;

    public EventLogHealthIndicator(EventLog eventLog, String store, Clock clock) {
        this.eventLog = eventLog;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Health health() {
        try {
            EventLog.Window window = eventLog.window();
            Health.Builder builder = Health.up().withDetail("store", store).withDetail("length", window.length());
            if (window.oldest() != null) {
                builder.withDetail("oldest_id", window.oldest().toString())
                        .withDetail("age_seconds", Math.max(0, (clock.millis() - window.oldest().millis()) / 1000));
            }
            return builder.build();
        } catch (EventLogUnavailableException unavailable) {
            return Health.status("DEGRADED").withDetail("store", store).withDetail("error", "unreachable").build();
        }
    }
}
