package dev.intercomgateway.e2e;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Caller API keys for tests, configured the way operators configure them: as SHA-256 hashes. */
final class TestCallers {

    static final String FULL_KEY = "test-key-full-access-0123456789";
    static final String READER_KEY = "test-key-users-read-only-98765";
    static final String OPS_KEY = "test-key-ops-only-13579";
    static final String BATCH_KEY = "test-key-batch-job-limited-2468";
    /** A caller that exports users, limited to 3 Intercom calls per window. */
    static final String EXPORT_KEY = "test-key-export-job-limited-3579";
    static final String SUPPORT_KEY = "test-key-support-desk-as-990001";
    /** An app using Intercom's SDK through /intercom, with the scopes of the operations it uses. */
    static final String SDK_KEY = "test-key-intercom-sdk-app-424242";
    /** An SDK app granted every Intercom operation through the wildcard scopes. */
    static final String SDK_ALL_KEY = "test-key-intercom-sdk-everything-9";
    /** An SDK app that may only read contacts. */
    static final String SDK_READER_KEY = "test-key-intercom-sdk-reader-77";
    static final String SDK_SCOPES = "intercom:contacts:read,intercom:contacts:write,intercom:conversations:read,intercom:conversations:write,"
            + "intercom:messages:write,intercom:admins:read,intercom:tags:read,intercom:tags:write,intercom:data_export:read";

    /** Subscribes to events with users:read only: no conversation, lead or admin topic is for it. */
    static final String EVENTS_USERS_KEY = "test-key-events-users-only-5150";
    /** Subscribes to events with every read scope. */
    static final String EVENTS_ALL_KEY = "test-key-events-every-topic-8086";

    private TestCallers() {
    }

    static void register(DynamicPropertyRegistry registry) {
        registry.add("gateway.clients[0].name", () -> "full-app");
        registry.add("gateway.clients[0].key-sha256", () -> sha256(FULL_KEY));
        registry.add("gateway.clients[0].scopes", () -> "users:read,users:write,leads:read,leads:write,conversations:read,conversations:write,conversations:manage,tags:read,tags:write,admins:read");
        registry.add("gateway.clients[1].name", () -> "reader-app");
        registry.add("gateway.clients[1].key-sha256", () -> sha256(READER_KEY));
        registry.add("gateway.clients[1].scopes", () -> "users:read");
        registry.add("gateway.clients[2].name", () -> "ops");
        registry.add("gateway.clients[2].key-sha256", () -> sha256(OPS_KEY));
        registry.add("gateway.clients[2].scopes", () -> "ops");
        registry.add("gateway.clients[3].name", () -> "batch-job");
        registry.add("gateway.clients[3].key-sha256", () -> sha256(BATCH_KEY));
        registry.add("gateway.clients[3].scopes", () -> "users:read");
        registry.add("gateway.clients[3].rate-limit", () -> "2");
        registry.add("gateway.clients[4].name", () -> "support-desk");
        registry.add("gateway.clients[4].key-sha256", () -> sha256(SUPPORT_KEY));
        registry.add("gateway.clients[4].scopes", () -> "conversations:read,conversations:write");
        registry.add("gateway.clients[4].admin-ids", () -> "990001");
        registry.add("gateway.clients[5].name", () -> "sdk-app");
        registry.add("gateway.clients[5].key-sha256", () -> sha256(SDK_KEY));
        registry.add("gateway.clients[5].scopes", () -> SDK_SCOPES);
        registry.add("gateway.clients[6].name", () -> "sdk-reader");
        registry.add("gateway.clients[6].key-sha256", () -> sha256(SDK_READER_KEY));
        registry.add("gateway.clients[6].scopes", () -> "intercom:contacts:read");
        registry.add("gateway.clients[7].name", () -> "sdk-all");
        registry.add("gateway.clients[7].key-sha256", () -> sha256(SDK_ALL_KEY));
        registry.add("gateway.clients[7].scopes", () -> "intercom:*:read,intercom:*:write");
        registry.add("gateway.clients[8].name", () -> "export-job");
        registry.add("gateway.clients[8].key-sha256", () -> sha256(EXPORT_KEY));
        registry.add("gateway.clients[8].scopes", () -> "users:read");
        registry.add("gateway.clients[8].rate-limit", () -> "3");
        registry.add("gateway.clients[9].name", () -> "events-users");
        registry.add("gateway.clients[9].key-sha256", () -> sha256(EVENTS_USERS_KEY));
        registry.add("gateway.clients[9].scopes", () -> "events:read,users:read");
        registry.add("gateway.clients[10].name", () -> "events-all");
        registry.add("gateway.clients[10].key-sha256", () -> sha256(EVENTS_ALL_KEY));
        registry.add("gateway.clients[10].scopes", () -> "events:read,users:read,leads:read,conversations:read,admins:read");
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
