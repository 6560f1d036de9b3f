package dev.intercomgateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.model.IntercomAdmin;

/** The README's curl examples use these seeded ids: they must stay stable. */
class SandboxSeedTest {

    @Test
    void seededIdsUsedByTheReadmeAreStable() {
        SandboxStore store = new SandboxStore(Clock.systemUTC());
        SandboxSeed.load(store);

        assertThat(store.getContact("665000000000000000000003").email()).isEqualTo("grace@example.com");
        assertThat(store.getContact("665000000000000000000004").externalId()).isEqualTo("user-1002");
        assertThat(store.listAdmins().admins()).extracting(IntercomAdmin::id).containsExactly("990001", "990002");
        assertThat(store.getConversation("100000008").contacts().contacts().getFirst().id()).isEqualTo("665000000000000000000003");
        assertThat(store.getConversation("100000013").adminAssigneeId()).isEqualTo("990002");
    }
}
