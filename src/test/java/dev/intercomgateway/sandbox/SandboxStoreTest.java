package dev.intercomgateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.model.IntercomContactList;
import dev.intercomgateway.intercom.model.IntercomContactWrite;
import dev.intercomgateway.intercom.model.IntercomJson;

class SandboxStoreTest {

    private final SandboxStore store = new SandboxStore(Clock.systemUTC());

    @Test
    void duplicateEmailOrExternalIdIsConflict() {
        store.createContact(new IntercomContactWrite("user", "ext-1", "a@example.com", null, null, null, null));

        assertThatThrownBy(() -> store.createContact(new IntercomContactWrite("user", null, "A@example.com", null, null, null, null)))
                .isInstanceOfSatisfying(SandboxError.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> store.createContact(new IntercomContactWrite("user", "ext-1", null, null, null, null, null)))
                .isInstanceOfSatisfying(SandboxError.class, e -> assertThat(e.code()).isEqualTo("conflict"));
    }

    @Test
    void searchWalksAllPagesOnce() {
        for (int i = 0; i < 5; i++) {
            store.createContact(new IntercomContactWrite("user", "ext-" + i, null, null, null, null, Map.of()));
        }
        String cursor = null;
        int seen = 0;
        do {
            var search = IntercomJson.mapper().readTree(cursor == null
                    ? "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"per_page\":2}}"
                    : "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"per_page\":2,\"starting_after\":\"" + cursor + "\"}}");
            IntercomContactList page = store.searchContacts(search);
            seen += page.data().size();
            cursor = page.pages().next() == null ? null : page.pages().next().startingAfter();
        } while (cursor != null);
        assertThat(seen).isEqualTo(5);
    }

    @Test
    void unknownCursorIsParameterInvalid() {
        var search = IntercomJson.mapper().readTree(
                "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"starting_after\":\"bm9wZQ==\"}}");

        assertThatThrownBy(() -> store.searchContacts(search))
                .isInstanceOfSatisfying(SandboxError.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
