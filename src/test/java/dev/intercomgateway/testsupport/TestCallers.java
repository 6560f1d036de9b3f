package dev.intercomgateway.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Caller API keys for tests, configured the way operators configure them: as SHA-256 hashes. */
public final class TestCallers {

    public static final String FULL_KEY = "test-key-full-access-0123456789";
    public static final String READER_KEY = "test-key-users-read-only-98765";
    public static final String OPS_KEY = "test-key-ops-only-13579";
    public static final String BATCH_KEY = "test-key-batch-job-limited-2468";
    /** A caller that exports users, limited to 3 Intercom calls per window. */
    public static final String EXPORT_KEY = "test-key-export-job-limited-3579";
    public static final String SUPPORT_KEY = "test-key-support-desk-as-990001";
    /** An app using Intercom's SDK through /intercom, with the scopes of the operations it uses. */
    public static final String SDK_KEY = "test-key-intercom-sdk-app-424242";
    /** An SDK app granted every Intercom operation through the wildcard scopes. */
    public static final String SDK_ALL_KEY = "test-key-intercom-sdk-everything-9";
    /** An SDK app that may only read contacts. */
    public static final String SDK_READER_KEY = "test-key-intercom-sdk-reader-77";
    public static final String SDK_SCOPES = "intercom:contacts:read,intercom:contacts:write,intercom:conversations:read,intercom:conversations:write,"
            + "intercom:messages:write,intercom:admins:read,intercom:tags:read,intercom:tags:write,intercom:data_export:read";

    /** Subscribes to events with users:read only: no conversation, lead or admin topic is for it. */
    public static final String EVENTS_USERS_KEY = "test-key-events-users-only-5150";
    /** Subscribes to events with every read scope. */
    public static final String EVENTS_ALL_KEY = "test-key-events-every-topic-8086";

    private TestCallers() {
    }

    /**
     * Adds the callers to a test's dynamic properties, for a test that configures more callers of
     * its own (at indices from 11 on): Spring Boot binds the list {@code gateway.clients} from one
     * property source only, so all of a test's callers must be registered together.
     */
    public static void register(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The callers as properties, {@code gateway.clients[0..10]}; what {@link GatewayTest} sets by default. */
    public static Map<String, Object> properties() {
        Map<String, Object> callers = new LinkedHashMap<>();
        callers.put("gateway.clients[0].name", "full-app");
        callers.put("gateway.clients[0].key-sha256", sha256(FULL_KEY));
        callers.put("gateway.clients[0].scopes", "users:read,users:write,leads:read,leads:write,conversations:read,conversations:write,conversations:manage,tags:read,tags:write,admins:read");
        callers.put("gateway.clients[1].name", "reader-app");
        callers.put("gateway.clients[1].key-sha256", sha256(READER_KEY));
        callers.put("gateway.clients[1].scopes", "users:read");
        callers.put("gateway.clients[2].name", "ops");
        callers.put("gateway.clients[2].key-sha256", sha256(OPS_KEY));
        callers.put("gateway.clients[2].scopes", "ops");
        callers.put("gateway.clients[3].name", "batch-job");
        callers.put("gateway.clients[3].key-sha256", sha256(BATCH_KEY));
        callers.put("gateway.clients[3].scopes", "users:read");
        callers.put("gateway.clients[3].rate-limit", "2");
        callers.put("gateway.clients[4].name", "support-desk");
        callers.put("gateway.clients[4].key-sha256", sha256(SUPPORT_KEY));
        callers.put("gateway.clients[4].scopes", "conversations:read,conversations:write");
        callers.put("gateway.clients[4].admin-ids", "990001");
        callers.put("gateway.clients[5].name", "sdk-app");
        callers.put("gateway.clients[5].key-sha256", sha256(SDK_KEY));
        callers.put("gateway.clients[5].scopes", SDK_SCOPES);
        callers.put("gateway.clients[6].name", "sdk-reader");
        callers.put("gateway.clients[6].key-sha256", sha256(SDK_READER_KEY));
        callers.put("gateway.clients[6].scopes", "intercom:contacts:read");
        callers.put("gateway.clients[7].name", "sdk-all");
        callers.put("gateway.clients[7].key-sha256", sha256(SDK_ALL_KEY));
        callers.put("gateway.clients[7].scopes", "intercom:*:read,intercom:*:write");
        callers.put("gateway.clients[8].name", "export-job");
        callers.put("gateway.clients[8].key-sha256", sha256(EXPORT_KEY));
        callers.put("gateway.clients[8].scopes", "users:read");
        callers.put("gateway.clients[8].rate-limit", "3");
        callers.put("gateway.clients[9].name", "events-users");
        callers.put("gateway.clients[9].key-sha256", sha256(EVENTS_USERS_KEY));
        callers.put("gateway.clients[9].scopes", "events:read,users:read");
        callers.put("gateway.clients[10].name", "events-all");
        callers.put("gateway.clients[10].key-sha256", sha256(EVENTS_ALL_KEY));
        callers.put("gateway.clients[10].scopes", "events:read,users:read,leads:read,conversations:read,admins:read");
        return callers;
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
