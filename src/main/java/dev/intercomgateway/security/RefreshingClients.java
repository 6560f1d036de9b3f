package dev.intercomgateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
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
    private final Environment environment;
    private final Validator validator;
    private final Duration interval;
    private final Clock clock;
    private volatile GatewayClients current;
    private volatile Instant readAt;

    /** @param validator the one that validated the callers at startup: a reloaded list must pass the same rules */
    public RefreshingClients(GatewayClients initial, Environment environment, Validator validator, Duration interval, Clock clock) {
        this.current = initial;
        this.environment = environment;
        this.validator = validator;
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
                GatewayClients candidate = new GatewayClients(reread, current.clientsRefreshInterval(), current.jwtRateLimits());
                Set<ConstraintViolation<GatewayClients>> violations = validator.validate(candidate);
                List<String> problems = new java.util.ArrayList<>(GatewayClients.keyHashProblems(reread));
                violations.stream().map(violation -> violation.getPropertyPath() + " " + violation.getMessage()).forEach(problems::add);
                if (!problems.isEmpty()) {
                    log.warn("Ignoring an invalid change to gateway.clients ({}); keeping the previous callers", problems.stream().sorted().toList());
                } else if (!reread.isEmpty() && !reread.equals(current.clients())) {
                    current = candidate;
                    log.info("Caller keys re-read: {} callers", reread.size());
                }
            } catch (RuntimeException e) {
                log.warn("Could not re-read gateway.clients ({}); keeping the previous callers", e.getMessage());
            }
            return current;
        }
    }
}
