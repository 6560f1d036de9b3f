package dev.intercomgateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.Test;


/** The README's curl examples use these seeded ids: they must stay stable. */
class SandboxSeedTest {

    @Test
    void seededIdsUsedByTheReadmeAreStable() {
        SandboxStore store = new SandboxStore(Clock.systemUTC());
        SandboxSeed.load(store);

        assertThat(store.contacts().getContact("665000000000000000000003").get("email").asString()).isEqualTo("grace@example.com");
        assertThat(store.contacts().getContact("665000000000000000000004").get("external_id").asString()).isEqualTo("user-1002");
        assertThat(store.admins().listAdmins().get("admins").valueStream().map(admin -> admin.get("id").asString()))
                .containsExactly("990001", "990002");
        assertThat(store.conversations().getConversation("100000008").get("contacts").get("contacts").get(0).get("id").asString())
                .isEqualTo("665000000000000000000003");
        assertThat(store.conversations().getConversation("100000013").get("admin_assignee_id").isIntegralNumber()).isTrue();
        assertThat(store.conversations().getConversation("100000013").get("admin_assignee_id").asLong()).isEqualTo(990002L);
        assertThat(store.conversations().getConversation("100000008").get("admin_assignee_id").asLong()).isZero();
    }
}
