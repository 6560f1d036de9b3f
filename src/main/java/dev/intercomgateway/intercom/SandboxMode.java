package dev.intercomgateway.intercom;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one rule deciding whether the built-in sandbox stands in for Intercom: no access token and
 * no base URL configured. A token variable that is set but blank (an empty Secret, a template that
 * left it out) is a mistake, not a wish for the sandbox: it stops startup.
 */
public final class SandboxMode {

    /** The environment variable the token is documented under (application.yml maps it to intercom.access-token). */
    static final String TOKEN_VARIABLE = "INTERCOM_ACCESS_TOKEN";

    private SandboxMode() {
    }

    /** @throws IllegalStateException when INTERCOM_ACCESS_TOKEN is set but blank */
    public static boolean isOn(Environment environment) {
        String variable = environment.getProperty(TOKEN_VARIABLE);
        if (variable != null && variable.isBlank()) {
            throw new IllegalStateException(TOKEN_VARIABLE + " is set but blank: give the Intercom access token, "
                    + "or unset the variable to run the built-in sandbox (demo data only)");
        }
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
