package dev.intercomgateway.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.cache.CachedObjects;
import dev.intercomgateway.intercom.cache.ReadCache;
import dev.intercomgateway.events.CloudEvents;
import dev.intercomgateway.events.EventLogUnavailableException;
import dev.intercomgateway.events.EventStream;
import dev.intercomgateway.events.NewEvent;
import dev.intercomgateway.events.TopicScopes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/intercom}: Intercom's notifications, authenticated by their signature (no
 * API key). 200 only once the event is in the log, so that Intercom retries whatever the gateway
 * could not keep: 401 bad or missing signature, 400 malformed, 413 too large, 503 log unavailable,
 * 404 when no client secret is configured. Retries of a kept notification are answered 200 and
 * not kept again.
 */
@Hidden
@RestController
public class WebhookController {

    public static final String PATH = "/webhooks/intercom";
    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final ClientSecrets secrets;
    private final long maxBodySize;
    private final EventStream events;
    private final ReadCache cache;
    private final MeterRegistry meters;
    private final Counter received;
    private final Counter duplicates;
    private final Counter appended;
    private final JsonMapper json;

    public WebhookController(ClientSecrets secrets, WebhookProperties properties, EventStream events, ReadCache cache, MeterRegistry meters,
            JsonMapper json) {
        this.json = json;
        this.secrets = secrets;
        this.maxBodySize = properties.maxBodySize().toBytes();
        this.events = events;
        this.cache = cache;
        this.meters = meters;
        this.received = Counter.builder("gateway.webhooks.received").description("Notifications received by the intake").register(meters);
        this.duplicates = Counter.builder("gateway.webhooks.duplicates")
                .description("Signed notifications already in the log (Intercom's retries), not kept again").register(meters);
        this.appended = Counter.builder("gateway.webhooks.appended").description("Notifications appended to the event log").register(meters);
        // every reason from the start, at zero: a rate over a series that appears only with its first event misses that event
        for (String reason : REJECTED) {
            Counter.builder("gateway.webhooks.rejected").tag("reason", reason).description("Notifications refused, by reason").register(meters);
        }
        for (String reason : IGNORED) {
            Counter.builder("gateway.webhooks.ignored").tag("reason", reason)
                    .description("Signed notifications answered 200 and not kept: ping, or a topic no caller may receive").register(meters);
        }
    }

    /** The reasons of {@code gateway.webhooks.rejected}. */
    static final List<String> REJECTED = List.of("signature", "malformed", "too_large", "unavailable");
    /** The reasons of {@code gateway.webhooks.ignored}. */
    static final List<String> IGNORED = List.of("ping", "topic");

    @PostMapping(PATH)
    ResponseEntity<?> receive(HttpServletRequest request, @RequestHeader(value = Signature.HEADER, required = false) String signature)
            throws IOException {
        if (!secrets.configured()) {
            return problem(HttpStatus.NOT_FOUND, "The webhook intake is off: no intercom.client-secret is configured");
        }
        received.increment();
        byte[] body = readBounded(request);
        if (body == null) {
            return rejected("too_large", HttpStatus.CONTENT_TOO_LARGE, "The notification exceeds the limit of " + maxBodySize + " bytes");
        }
        if (!Signature.verifies(signature, body, secrets.clientSecret())) {
            return rejected("signature", HttpStatus.UNAUTHORIZED,
                    "Missing or invalid " + Signature.HEADER + ": expected sha1=<HMAC-SHA1 of the body keyed by the app's client secret>");
        }
        Notification notification;
        try {
            notification = Notification.parse(json, body);
        } catch (Notification.MalformedNotificationException malformed) {
            return rejected("malformed", HttpStatus.BAD_REQUEST, malformed.getMessage());
        }
        if (Notification.PING.equals(notification.topic())) {
            meters.counter("gateway.webhooks.ignored", "reason", "ping").increment();
            return ResponseEntity.ok().build();
        }
        // before the answer: once Intercom (or the sandbox) sees it accepted, no replica serves the old object
        cache.invalidate(CachedObjects.namedBy(notification.topic(), notification.item()), ReadCache.Source.WEBHOOK,
                Math.max(CachedObjects.updatedAt(notification.item()), 0));
        Optional<Set<String>> scopes = TopicScopes.required(notification.topic(), notification.role());
        if (scopes.isEmpty()) {
            meters.counter("gateway.webhooks.ignored", "reason", "topic").increment();
            return ResponseEntity.ok().build();
        }
        String cloudEvent = CloudEvents.of(notification.id(), notification.topic(), notification.appId(), notification.createdAt(),
                notification.item());
        try {
            String id = events.append(new NewEvent(notification.id(), notification.topic(), scopes.get(), cloudEvent));
            (id == null ? duplicates : appended).increment();
        } catch (EventLogUnavailableException unavailable) {
            log.error("A signed notification could not be kept ({}); Intercom will retry it", unavailable.getCause().toString());
            meters.counter("gateway.webhooks.rejected", "reason", "unavailable").increment();
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The event log is unavailable; retry later"));
        }
        return ResponseEntity.ok().build();
    }

    /** The body, or null when it is larger than the limit: read up to one byte past it, never whole. */
    private byte[] readBounded(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodySize) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) maxBodySize + 1);
            return body.length > maxBodySize ? null : body;
        }
    }

    private ResponseEntity<ProblemDetail> rejected(String reason, HttpStatus status, String detail) {
        meters.counter("gateway.webhooks.rejected", "reason", reason).increment();
        return problem(status, detail);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
