package dev.intercomgateway.webhooks;

import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Intercom app's client secret (Developer Hub, Basic Info), which keys the signature of its webhooks.
 * <p>
 * Checked once bound ({@link #afterPropertiesSet}), not with Bean Validation: Spring Boot's report of
 * a failed binding validation prints the rejected value, here a secret. The check's failure names the
 * property and the rule, never a value.
 *
 * @param clientSecret The client secret (set it through the INTERCOM_CLIENT_SECRET environment
 *     variable); a comma-separated list of two while rotating, both accepted, none blank. Empty: the
 *     webhook intake is off (404). Never logged or shown.
 */
@ConfigurationProperties("intercom")
public record ClientSecrets(@DefaultValue List<String> clientSecret) implements InitializingBean {

    /** Most secrets accepted at once: the old and the new while rotating. */
    static final int MAX = 2;

    /** @throws IllegalStateException naming the property and the rule broken, never a value */
    @Override
    public void afterPropertiesSet() {
        if (clientSecret.size() > MAX) {
            throw new IllegalStateException("intercom.client-secret (INTERCOM_CLIENT_SECRET) holds " + clientSecret.size()
                    + " secrets: at most " + MAX + " (the old and the new while rotating), comma-separated");
        }
        for (int i = 0; i < clientSecret.size(); i++) {
            if (clientSecret.get(i) == null || clientSecret.get(i).isBlank()) {
                throw new IllegalStateException("intercom.client-secret[" + i + "] (INTERCOM_CLIENT_SECRET) is blank: each secret "
                        + "must be the app's client secret");
            }
        }
    }

    public boolean configured() {
        return !clientSecret.isEmpty();
    }

    /** Never prints the secrets: records' generated toString would. */
    @Override
    public String toString() {
        return "ClientSecrets[" + clientSecret.size() + " configured]";
    }
}
