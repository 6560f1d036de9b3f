package dev.intercomgateway.sandbox;

import org.springframework.context.ApplicationContext;

/**
 * Test-side seeding of the sandbox for tests of other features (the store is package-private): a
 * user created here is the contact the sandbox's Intercom surface then serves.
 */
public final class SandboxUsers {

    private SandboxUsers() {
    }

    /** Creates a contact with role {@code user} in the sandbox of the given running gateway. */
    public static void create(ApplicationContext gateway, String externalId, String email, String name) {
        gateway.getBean(SandboxStore.class).contacts().createContact(SandboxJson.object().put("role", "user").put("external_id", externalId)
                .put("email", email).put("name", name));
    }
}
