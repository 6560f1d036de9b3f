package dev.intercomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

class KnownScopeTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    private Set<String> refused(String... scopes) {
        var client = new GatewayClients.Client("app", List.of("a".repeat(64)), Set.of(scopes), null, null, null);
        return validator.validate(client).stream().map(violation -> violation.getInvalidValue().toString()).collect(
                java.util.stream.Collectors.toSet());
    }

    @Test
    void theApisScopesAndTheScopesOfIntercomsOperationsAreKnown() {
        assertThat(refused("users:read", "ops", "intercom:contacts:read", "intercom:tags:write", "intercom:help_center:read",
                "intercom:*:read", "intercom:*:write")).isEmpty();
    }

    @Test
    void aTypoIsRefused() {
        assertThat(refused("intercom:contact:read", "users:raed", "intercom:contacts:delete", "intercom:*:*"))
                .containsExactlyInAnyOrder("intercom:contact:read", "users:raed", "intercom:contacts:delete", "intercom:*:*");
    }
}
