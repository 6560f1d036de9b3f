package dev.intercomgateway.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * What Intercom does when an object changes: the sandbox posts the matching notification, signed
 * with the app's client secret ({@code X-Hub-Signature: sha1=<HMAC-SHA1 of the body>}), to the
 * gateway's own intake, in the order the changes happened. Delivery is best effort, as a stand-in's
 * may be: a refused notification is logged, not retried.
 */
public class SandboxWebhooks implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

    static final String APP_ID = "sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxWebhooks.class);

    private final String secret;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** One sender, so that notifications leave in the order of the changes. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("sandbox-webhooks").factory());
    private volatile URI intake;

    SandboxWebhooks(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** The gateway's API port is known once its server runs (not the management server's). */
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            intake = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + "/webhooks/intercom");
        }
    }

    /** Posts {@code topic} with this item, unless no intake is known yet (no server runs, as in slice tests). */
    void changed(String topic, JsonNode item) {
        URI target = intake;
        if (target == null || secret == null) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        ObjectNode notification = SandboxJson.object().put("type", "notification_event").put("app_id", APP_ID);
        notification.putObject("data").put("type", "notification_event_data").set("item", item.deepCopy());
        notification.putObject("links");
        notification.put("id", "notif_" + UUID.randomUUID()).put("topic", topic).put("delivery_status", "pending")
                .put("delivery_attempts", 1).put("delivered_at", 0).put("first_sent_at", now).put("created_at", now);
        notification.putNull("self");
        byte[] body = SandboxJson.MAPPER.writeValueAsBytes(notification);
        sender.execute(() -> post(target, topic, body));
    }

    private void post(URI target, String topic, byte[] body) {
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").header("X-Hub-Signature", "sha1=" + hmac(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200) {
                log.warn("The gateway's intake answered {} to the sandbox's {} notification", answer.statusCode(), topic);
            }
        } catch (java.io.IOException e) {
            log.warn("The sandbox could not post its {} notification ({})", topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every JVM", e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
