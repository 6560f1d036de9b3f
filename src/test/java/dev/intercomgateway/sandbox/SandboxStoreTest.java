package dev.intercomgateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import org.junit.jupiter.api.Test;


class SandboxStoreTest {

    private final SandboxStore store = new SandboxStore(Clock.systemUTC());

    @Test
    void duplicateEmailOrExternalIdIsConflict() {
        store.contacts().createContact(json("{\"role\":\"user\",\"external_id\":\"ext-1\",\"email\":\"a@example.com\"}"));

        assertThatThrownBy(() -> store.contacts().createContact(json("{\"role\":\"user\",\"email\":\"A@example.com\"}")))
                .isInstanceOfSatisfying(SandboxError.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> store.contacts().createContact(json("{\"role\":\"user\",\"external_id\":\"ext-1\"}")))
                .isInstanceOfSatisfying(SandboxError.class, e -> assertThat(e.code()).isEqualTo("conflict"));
    }

    @Test
    void searchWalksAllPagesOnce() {
        for (int i = 0; i < 5; i++) {
            store.contacts().createContact(json("{\"role\":\"user\",\"external_id\":\"ext-" + i + "\"}"));
        }
        String cursor = null;
        int seen = 0;
        do {
            var search = json(cursor == null
                    ? "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"per_page\":2}}"
                    : "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"per_page\":2,\"starting_after\":\"" + cursor + "\"}}");
            var page = store.contacts().searchContacts(search);
            seen += page.get("data").size();
            cursor = page.get("pages").has("next") ? page.get("pages").get("next").get("starting_after").asString() : null;
        } while (cursor != null);
        assertThat(seen).isEqualTo(5);
    }

    @Test
    void anEmptySearchSaysZeroPages() {
        var page = store.contacts().searchContacts(json("{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"}}"));

        assertThat(page.get("total_count").asInt()).isZero();
        assertThat(page.get("pages").get("total_pages").asInt()).isZero();
        assertThat(page.get("pages").has("next")).isFalse();
    }

    @Test
    void aMergedLeadAnswers410PointingAtTheUser() {
        String lead = store.contacts().createContact(json("{\"role\":\"lead\",\"email\":\"v@example.com\"}")).get("id").asString();
        String user = store.contacts().createContact(json("{\"role\":\"user\",\"email\":\"u@example.com\"}")).get("id").asString();

        store.contacts().mergeContacts(json("{\"from\":\"" + lead + "\",\"into\":\"" + user + "\"}"));

        assertThatThrownBy(() -> store.contacts().getContact(lead)).isInstanceOfSatisfying(SandboxError.class, e -> {
            assertThat(e.status()).isEqualTo(410);
            assertThat(e.code()).isEqualTo("contact_merged");
            assertThat(e.headers()).containsEntry("Link", "</contacts/" + user + ">; rel=\"canonical\"");
        });
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return SandboxJson.MAPPER.readTree(text);
    }

    @Test
    void unknownCursorIsParameterInvalid() {
        var search = json(
                "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"starting_after\":\"bm9wZQ==\"}}");

        assertThatThrownBy(() -> store.contacts().searchContacts(search))
                .isInstanceOfSatisfying(SandboxError.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
