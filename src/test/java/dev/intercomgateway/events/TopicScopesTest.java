package dev.intercomgateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class TopicScopesTest {

    /** A row of the topics table in docs/events.md: | `topic` | scopes |. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_.]+)` \\| (.+) \\|$");

    @Test
    void everyDocumentedTopicNeedsTheScopesTheDocsName() throws Exception {
        int rows = 0;
        for (String line : Files.readAllLines(Path.of("docs", "events.md"))) {
            Matcher row = ROW.matcher(line);
            if (!row.matches() || !line.contains(":read`")) {
                continue;
            }
            rows++;
            String topic = row.group(1);
            String scopes = row.group(2);
            assertThat(TopicScopes.required(topic, null)).as(topic).isPresent();
            if (scopes.startsWith("by the item's `role`")) {
                assertThat(TopicScopes.required(topic, "user")).as(topic).hasValue(Set.of(TopicScopes.USERS));
                assertThat(TopicScopes.required(topic, "lead")).as(topic).hasValue(Set.of(TopicScopes.LEADS));
                assertThat(TopicScopes.required(topic, null)).as(topic).hasValue(Set.of(TopicScopes.USERS, TopicScopes.LEADS));
            } else {
                String scope = scopes.replace("`", "");
                assertThat(TopicScopes.required(topic, null)).as(topic).hasValue(Set.of(scope));
                assertThat(TopicScopes.required(topic, "lead")).as("the topic's name decides, not the item: " + topic).hasValue(Set.of(scope));
            }
        }
        assertThat(rows).as("the topics table in docs/events.md").isGreaterThanOrEqualTo(20);
    }

    @Test
    void topicsOfObjectsNoScopeReadsAreNotKept() {
        assertThat(TopicScopes.required("company.created", null)).isEmpty();
        assertThat(TopicScopes.required("ticket.created", null)).isEmpty();
        assertThat(TopicScopes.required("contactless.thing", null)).isEmpty();
        for (String undocumented : List.of("conversation_part.tag.created", "admin.activity_log_event.created", "admin.logged_in",
                "contact.attached_to_company", "contact.unsubscribed", "conversation.rating.added", "conversationx.admin.closed")) {
            assertThat(TopicScopes.required(undocumented, "user")).as(undocumented).isEmpty();
        }
        assertThat(TopicScopes.required("conversation.admin.noted", null)).as("a documented family").hasValue(Set.of(TopicScopes.CONVERSATIONS));
        assertThat(TopicScopes.required("contact.user.tag.deleted", null)).as("a documented family").hasValue(Set.of(TopicScopes.USERS));
    }
}
