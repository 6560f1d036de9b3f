package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CloudEvents 1.0 JSON format's rules (spec: core attributes, JSON Event Format). */
class CloudEventsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void carriesTheRequiredAttributesAsTheSpecTypesThem() {
        JsonNode item = JSON.readTree("{\"type\":\"contact\",\"id\":\"6650a1\",\"role\":\"user\"}");
        JsonNode event = JSON.readTree(CloudEvents.of("notif_1", "contact.user.created", "abc123", 1767225600, item));

        assertThat(event.get("specversion").asString()).isEqualTo("1.0");
        assertThat(event.get("id").asString()).isNotEmpty().isEqualTo("notif_1");
        // source: a non-empty URI-reference; here an absolute URI naming the workspace
        assertThat(URI.create(event.get("source").asString())).hasScheme("urn").hasToString("urn:intercom:app:abc123");
        assertThat(event.get("type").asString()).isEqualTo("com.intercom.contact.user.created");
        assertThat(event.get("subject").asString()).isEqualTo("6650a1");
        // time: RFC 3339
        assertThat(OffsetDateTime.parse(event.get("time").asString()).toEpochSecond()).isEqualTo(1767225600);
        assertThat(event.get("datacontenttype").asString()).isEqualTo("application/json");
        // JSON data is carried as JSON in "data", not as a string
        assertThat(event.get("data").isObject()).isTrue();
        assertThat(event.get("data")).isEqualTo(item);
        // attribute names: lower-case letters and digits only
        event.propertyNames().forEach(name -> assertThat(name).matches("[a-z0-9]{1,20}"));
    }

    /** Lone surrogates (valid JSON escapes, no character) become U+FFFD; pairs stay; UTF-8 then carries the text unchanged. */
    @Test
    void loneSurrogatesAreReplacedOnceSoThatEveryStoreAndSurfaceRendersTheSame() {
        assertThat(CloudEvents.wellFormed("a\ud800b")).isEqualTo("a\ufffdb");
        assertThat(CloudEvents.wellFormed("a\udc00")).isEqualTo("a\ufffd");
        assertThat(CloudEvents.wellFormed("\udc00\ud800")).as("a low before a high is no pair").isEqualTo("\ufffd\ufffd");
        assertThat(CloudEvents.wellFormed("\ud800\ud800\udc00")).isEqualTo("\ufffd\ud800\udc00");
        assertThat(CloudEvents.wellFormed("\ud83d\ude00 ok")).isEqualTo("\ud83d\ude00 ok");
        String plain = "plain";
        assertThat(CloudEvents.wellFormed(plain)).isSameAs(plain);

        for (String item : new String[] {"{\"name\":\"\\ud800\"}", "{\"name\":\"x\\udfff\"}", "{\"\\ud800\":1}",
                "{\"parts\":[{\"body\":\"\\udbff\"}]}"}) {
            String event = CloudEvents.of("notif_1", "contact.user.created", "abc123", 1767225600, JSON.readTree(item));
            byte[] utf8 = event.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(new String(utf8, java.nio.charset.StandardCharsets.UTF_8)).as(item + " survives UTF-8").isEqualTo(event);
            assertThat(JSON.readTree(utf8).get("data").toString()).as(item).contains("\ufffd");
        }
    }
}
