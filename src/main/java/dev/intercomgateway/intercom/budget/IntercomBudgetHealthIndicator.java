package dev.intercomgateway.intercom.budget;

import dev.intercomgateway.intercom.IntercomProperties;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Reports where the rate budget is kept and what Intercom last said of it. */
public class IntercomBudgetHealthIndicator implements HealthIndicator {

    private final IntercomBudget budget;
    private final IntercomProperties.RateLimit settings;

    public IntercomBudgetHealthIndicator(IntercomBudget budget, IntercomProperties.RateLimit settings) {
        this.budget = budget;
        this.settings = settings;
    }

    @Override
    public Health health() {
        IntercomBudget.Snapshot snapshot = budget.snapshot();
        Health.Builder builder = snapshot.degraded() ? Health.status("DEGRADED") : Health.up();
        builder.withDetail("store", snapshot.store())
                .withDetail("budget_per_window", settings.budgetPerWindow())
                .withDetail("window", settings.window().toString());
        if (snapshot.intercomLimit() >= 0) {
            builder.withDetail("intercom_limit", snapshot.intercomLimit()).withDetail("intercom_remaining", snapshot.intercomRemaining());
        }
        return builder.build();
    }
}
