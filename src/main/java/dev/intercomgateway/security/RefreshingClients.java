package dev.intercomgateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The configured callers, read again from the environment at most once per interval, so that keys
 * added or removed in a configuration source that changes at runtime (a mounted secret read as a
 * config tree, a refreshed property source) take effect without a restart. A re-read that yields
 * an invalid list keeps the previous one.
 */
public class RefreshingClients implements Supplier<GatewayClients> {

    private static final Logger log = LoggerFactory.getLogger(RefreshingClients.class);
    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    private final Environment environment;
    private final Duration interval;
    private final Clock clock;
    private volatile GatewayClients current;
    private volatile Instant readAt;

    public RefreshingClients(GatewayClients initial, Environment environment, Duration interval, Clock clock) {
        this.current = initial;
        this.environment = environment;
        this.interval = interval;
        this.clock = clock;
        this.readAt = clock.instant();
    }

    @Override
    public GatewayClients get() {
        Instant now = clock.instant();
        if (now.isBefore(readAt.plus(interval))) {
            return current;
        }
        synchronized (this) {
            if (now.isBefore(readAt.plus(interval))) {
                return current;
            }
            readAt = now;
            try {
                List<GatewayClients.Client> reread = Binder.get(environment)
                        .bind("gateway.clients", Bindable.listOf(GatewayClients.Client.class)).orElse(List.of());
                boolean valid = reread.stream().allMatch(client -> client.name() != null && client.keySha256() != null
                        && !client.keySha256().isEmpty() && client.keySha256().stream().allMatch(hash -> HASH.matcher(hash).matches())
                        && client.scopes() != null);
                if (valid && !reread.isEmpty() && !reread.equals(current.clients())) {
                    current = new GatewayClients(reread, current.clientsRefreshInterval());
                    log.info("Caller keys re-read: {} callers", reread.size());
                } else if (!valid) {
                    log.warn("Ignoring an invalid change to gateway.clients; keeping the previous callers");
                }
            } catch (RuntimeException e) {
                log.warn("Could not re-read gateway.clients ({}); keeping the previous callers", e.getMessage());
            }
            return current;
        }
    }
}
