package dev.intercomgateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The contract check itself: it passes what Intercom's description allows and catches what it does not. */
class IntercomContractTest {

    static final Map<String, List<String>> HEADERS = Map.of("Authorization", List.of("Bearer t"), "Intercom-Version", List.of("2.16"),
            "Accept", List.of("application/json"), "Content-Type", List.of("application/json"));

    static List<String> request(String method, String path, String body) {
        return IntercomContract.violations(new IntercomContract.Exchange(method, path, Map.of(), HEADERS,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), null, Map.of(), null));
    }

    static List<String> answer(String method, String path, int status, String body) {
        return IntercomContract.violations(new IntercomContract.Exchange(method, path, Map.of(), HEADERS, null, status,
                Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPlainReadWithTheVersionHeaderPasses() {
        assertThat(request("GET", "/contacts/6650a1b2c3d4e5f600000001", null)).isEmpty();
    }

    @Test
    void anUnknownVersionHeaderIsCaught() {
        List<String> violations = IntercomContract.violations(new IntercomContract.Exchange("GET", "/admins", Map.of(),
                Map.of("Authorization", List.of("Bearer t"), "Intercom-Version", List.of("3.99")), null, null, Map.of(), null));
        assertThat(violations).anyMatch(v -> v.contains("3.99"));
    }

    @Test
    void anEmailMessageWithEveryRequiredFieldPasses() {
        assertThat(request("POST", "/messages", """
                {"message_type":"email","subject":"Hi","body":"Hello","template":"plain",
                 "from":{"type":"admin","id":990001},"to":{"type":"user","id":"6650a1b2c3d4e5f600000001"}}""")).isEmpty();
    }

    @Test
    void anEmailMessageWithoutTemplateIsCaught() {
        assertThat(request("POST", "/messages", """
                {"message_type":"email","subject":"Hi","body":"Hello",
                 "from":{"type":"admin","id":990001},"to":{"type":"user","id":"6650a1b2c3d4e5f600000001"}}""")).isNotEmpty();
    }

    @Test
    void anInAppMessageNeedsNoTemplateInEitherSpellingButNoOtherType() {
        String inApp = """
                {"message_type":"%s","body":"Hello","from":{"type":"admin","id":990001},"to":{"type":"lead","id":"6650a1b2c3d4e5f600000001"}}""";
        assertThat(request("POST", "/messages", inApp.formatted("in_app"))).isEmpty();
        assertThat(request("POST", "/messages", inApp.formatted("inapp"))).isEmpty();
        assertThat(request("POST", "/messages", inApp.formatted("in-app"))).isNotEmpty();
        assertThat(request("POST", "/messages", inApp.formatted("INAPP"))).isNotEmpty();
    }

    @Test
    void anInappMessageStillNeedsItsBody() {
        assertThat(request("POST", "/messages", """
                {"message_type":"inapp","from":{"type":"admin","id":990001},"to":{"type":"user","id":"6650a1b2c3d4e5f600000001"}}"""))
                .isNotEmpty();
    }

    @Test
    void anAdminIdSentAsAStringIsCaught() {
        assertThat(request("POST", "/messages", """
                {"message_type":"in_app","body":"Hello","from":{"type":"admin","id":"990001"},"to":{"type":"user","id":"6650a1b2c3d4e5f600000001"}}"""))
                .anyMatch(v -> v.contains("/from/id"));
    }

    @Test
    void aContactStartedConversationWithA24CharacterIdPassesTheAllowListedUuidFormatOnly() {
        assertThat(request("POST", "/conversations", """
                {"from":{"type":"lead","id":"6650a1b2c3d4e5f600000001"},"body":"Hi"}""")).isEmpty();
        assertThat(request("POST", "/conversations", """
                {"from":{"type":"lead","id":"short"},"body":"Hi"}""")).anyMatch(v -> v.contains("minLength"));
    }

    @Test
    void anUnassignedConversationSaysZeroAsAnInteger() {
        assertThat(answer("GET", "/admins", 200, """
                {"type":"admin.list","admins":[]}""")).isEmpty();
        assertThat(answer("POST", "/contacts/search", 200, """
                {"type":"list","data":[],"total_count":0,"pages":{"type":"pages","page":1,"per_page":50,"total_pages":"0"}}"""))
                .isNotEmpty();
    }
}
