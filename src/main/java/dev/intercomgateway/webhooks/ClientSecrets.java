package dev.intercomgateway.webhooks;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Intercom app's client secret (Developer Hub, Basic Info), which keys the signature of its webhooks.
 *
 * @param clientSecret The client secret (set it through the INTERCOM_CLIENT_SECRET environment
 *     variable); a comma-separated list of two while rotating, both accepted. Empty: the webhook
 *     intake is off (404). Never logged or shown.
 */
@Validated
@ConfigurationProperties("intercom")
public record ClientSecrets(@DefaultValue @Size(max = 2, message = "holds at most two secrets (the old and the new while rotating)")
        List<@NotBlank String> clientSecret) {

    public boolean configured() {
        return !clientSecret.isEmpty();
    }

    /** Never prints the secrets: records' generated toString would. */
    @Override
    public String toString() {
        return "ClientSecrets[" + clientSecret.size() + " configured]";
    }
}
