package dev.intercomgateway.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

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
        caller(callers, 0, "full-app", FULL_KEY, "users:read,users:write,leads:read,leads:write,conversations:read,conversations:write,conversations:manage,tags:read,tags:write,admins:read");
        caller(callers, 1, "reader-app", READER_KEY, "users:read");
        caller(callers, 2, "ops", OPS_KEY, "ops");
        caller(callers, 3, "batch-job", BATCH_KEY, "users:read").put("gateway.clients[3].rate-limit", "2");
        caller(callers, 4, "support-desk", SUPPORT_KEY, "conversations:read,conversations:write").put("gateway.clients[4].admin-ids", "990001");
        caller(callers, 5, "sdk-app", SDK_KEY, SDK_SCOPES);
        caller(callers, 6, "sdk-reader", SDK_READER_KEY, "intercom:contacts:read");
        caller(callers, 7, "sdk-all", SDK_ALL_KEY, "intercom:*:read,intercom:*:write");
        caller(callers, 8, "export-job", EXPORT_KEY, "users:read").put("gateway.clients[8].rate-limit", "3");
        caller(callers, 9, "events-users", EVENTS_USERS_KEY, "events:read,users:read");
        caller(callers, 10, "events-all", EVENTS_ALL_KEY, "events:read,users:read,leads:read,conversations:read,admins:read");
        return callers;
    }

    private static Map<String, Object> caller(Map<String, Object> callers, int index, String name, String key, String scopes) {
        callers.put("gateway.clients[" + index + "].name", name);
        callers.put("gateway.clients[" + index + "].key-sha256", sha256(key));
        callers.put("gateway.clients[" + index + "].scopes", scopes);
        return callers;
    }

    /** For MockMvc: the request carries {@code Authorization: Bearer <key>}. */
    public static RequestPostProcessor withKey(String key) {
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key);
            return request;
        };
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
