package dev.intercomgateway.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one rule deciding whether the built-in sandbox stands in for Intercom: no access token and
 * no base URL configured.
 */
public final class SandboxMode {

    private SandboxMode() {
    }

    public static boolean isOn(Environment environment) {
        return isBlank(environment.getProperty("intercom.access-token"))
                && isBlank(environment.getProperty("intercom.base-url"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Matches when the sandbox is on. */
    public static final class On extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isOn(context.getEnvironment())
                    ? ConditionOutcome.match("no intercom.access-token and no intercom.base-url")
                    : ConditionOutcome.noMatch("intercom.access-token or intercom.base-url is set");
        }
    }

    /** Matches when a real (or explicitly addressed) Intercom is used. */
    public static final class Off extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isOn(context.getEnvironment())
                    ? ConditionOutcome.noMatch("no intercom.access-token and no intercom.base-url")
                    : ConditionOutcome.match("intercom.access-token or intercom.base-url is set");
        }
    }
}
