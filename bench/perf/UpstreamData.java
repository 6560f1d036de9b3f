import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the canned Intercom answers the benchmark's static upstream (nginx) serves, shaped on the
 * examples of Intercom's OpenAPI description (API version 2.16): a full contact, a search page of 50
 * users, a conversation with ten parts, and a walk of 10,000 users in cursor pages of 150.
 *
 * <p>Usage: {@code java bench/perf/UpstreamData.java <directory>} (JDK 21+, no build needed).
 */
public class UpstreamData {

    static final int WALK_USERS = 10_000;
    static final int WALK_PAGE = 150;
    static final int LIST_PAGE = 50;
    static final long CREATED = 1_734_537_424L;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/perf/upstream");
        Files.createDirectories(dir.resolve("pages"));
        Files.writeString(dir.resolve("contact.json"), contact(1));
        Files.writeString(dir.resolve("contact-created.json"), contact(2));
        Files.writeString(dir.resolve("conversation.json"), conversation());
        Files.writeString(dir.resolve("me.json"), """
                {"type":"admin","id":"991267645","name":"Bench Admin","email":"admin@example.com",\
                "app":{"type":"app","id_code":"ecahpwf5","name":"Bench workspace","region":"US"}}""");
        Files.writeString(dir.resolve("search-50.json"), page(0, LIST_PAGE, 1, 200, "list-2"));
        int pages = (WALK_USERS + WALK_PAGE - 1) / WALK_PAGE;
        for (int p = 1; p <= pages; p++) {
            int first = (p - 1) * WALK_PAGE;
            int count = Math.min(WALK_PAGE, WALK_USERS - first);
            Files.writeString(dir.resolve("pages/p" + p + ".json"), page(first, count, p, pages, p < pages ? "p" + (p + 1) : null));
        }
        System.out.printf("wrote %s: contact, conversation, a search page of %d, %d walk pages of %d users%n", dir, LIST_PAGE, pages, WALK_PAGE);
    }

    static String page(int first, int count, int page, int totalPages, String next) {
        List<String> data = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            data.add(contact(first + i + 1));
        }
        String nextJson = next == null ? "null" : "{\"page\":%d,\"starting_after\":\"%s\"}".formatted(page + 1, next);
        return """
                {"type":"list","data":[%s],"total_count":%d,"pages":{"type":"pages","page":%d,"per_page":%d,"total_pages":%d,"next":%s}}"""
                .formatted(String.join(",", data), totalPages * count, page, count, totalPages, nextJson);
    }

    static String contact(int n) {
        String id = "6762f0d01bb6%012x".formatted(0x9f2193bb7dL + n);
        String list = "{\"type\":\"list\",\"data\":[],\"url\":\"/contacts/%s/%s\",\"total_count\":0,\"has_more\":false}";
        return ("""
                {"type":"contact","id":"%s","workspace_id":"ecahpwf5","external_id":"ext-%d","role":"user",\
                "email":"user%d@example.com","phone":null,"name":"User %d","avatar":null,"owner_id":null,\
                "social_profiles":{"type":"list","data":[]},"has_hard_bounced":false,"marked_email_as_spam":false,\
                "unsubscribed_from_emails":false,"created_at":%d,"updated_at":%d,"signed_up_at":%d,"last_seen_at":null,\
                "last_replied_at":null,"last_contacted_at":null,"last_email_opened_at":null,"last_email_clicked_at":null,\
                "language_override":null,"browser":"chrome","browser_version":"131.0","browser_language":"en","os":"Linux",\
                "location":{"type":"location","country":"Ireland","region":"Dublin","city":"Dublin","country_code":"IRL","continent_code":"EU"},\
                "android_app_name":null,"android_app_version":null,"android_device":null,"android_os_version":null,\
                "android_sdk_version":null,"android_last_seen_at":null,"ios_app_name":null,"ios_app_version":null,\
                "ios_device":null,"ios_os_version":null,"ios_sdk_version":null,"ios_last_seen_at":null,\
                "custom_attributes":{"plan":"pro","seats":%d},"tags":%s,"notes":%s,"companies":%s,\
                "opted_out_subscription_types":%s,"opted_in_subscription_types":%s,"utm_campaign":null,"utm_content":null,\
                "utm_medium":null,"utm_source":null,"utm_term":null,"referrer":null,"enabled_push_messaging":null}""")
                .formatted(id, n, n, n, CREATED, CREATED + n, CREATED, n % 50 + 1,
                        list.formatted(id, "tags"), list.formatted(id, "notes"), list.formatted(id, "companies"),
                        list.formatted(id, "subscriptions"), list.formatted(id, "subscriptions"));
    }

    static String conversation() {
        List<String> parts = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            boolean admin = i % 2 == 0;
            parts.add(("""
                    {"type":"conversation_part","id":"%d","part_type":"comment","body":"Reply number %d in this conversation, with a sentence or two of text.",\
                    "created_at":%d,"updated_at":%d,"notified_at":%d,"assigned_to":null,\
                    "author":{"type":"%s","id":"%s","name":"%s","email":"%s"},"attachments":[],"external_id":null,\
                    "redacted":false,"email_message_metadata":null,"state":"open","tags":[],"event_details":null,"app_package_code":null}""")
                    .formatted(i, i, CREATED + i * 60, CREATED + i * 60, CREATED + i * 60,
                            admin ? "admin" : "user", admin ? "991267645" : "6762f0d01bb69f9f2193bb7e",
                            admin ? "Ciaran Lee" : "User 1", admin ? "admin@example.com" : "user1@example.com"));
        }
        return ("""
                {"type":"conversation","id":"503","created_at":%d,"updated_at":%d,"waiting_since":null,"snoozed_until":null,\
                "source":{"type":"conversation","id":"403918334","delivered_as":"customer_initiated","subject":"",\
                "body":"<p>Hello, I cannot find my invoice.</p>","author":{"type":"user","id":"6762f0d01bb69f9f2193bb7e",\
                "name":"User 1","email":"user1@example.com"},"attachments":[],"url":null,"redacted":false},\
                "contacts":{"type":"contact.list","contacts":[{"type":"contact","id":"6762f0d01bb69f9f2193bb7e","external_id":"ext-1"}]},\
                "first_contact_reply":null,"admin_assignee_id":991267645,"team_assignee_id":null,"open":true,"state":"open",\
                "read":true,"tags":{"type":"tag.list","tags":[]},"priority":"not_priority","sla_applied":null,"statistics":null,\
                "conversation_rating":null,"teammates":null,"title":null,"custom_attributes":{},"topics":{},"ticket":null,\
                "linked_objects":{"type":"list","data":[],"total_count":0,"has_more":false},"ai_agent":null,"ai_agent_participated":false,\
                "conversation_parts":{"type":"conversation_part.list","conversation_parts":[%s],"total_count":10}}""")
                .formatted(CREATED, CREATED + 600, String.join(",", parts));
    }
}
