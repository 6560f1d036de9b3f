package dev.intercomgateway.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

import dev.intercomgateway.security.RequiresScope;
import dev.intercomgateway.security.AuditLog;
import dev.intercomgateway.security.CallerIdentity;
import dev.intercomgateway.security.SecurityConfiguration.CallerAuthenticationManager;
import dev.intercomgateway.web.InvalidRequestException;
import dev.intercomgateway.web.RequestIdFilter;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/v1/events}: Intercom's notifications as CloudEvents, as Server-Sent Events (the
 * default) or, with {@code Accept: application/json}, as pages. Scope {@code events:read}; each
 * event only reaches callers holding the scopes to read its object ({@link TopicScopes}).
 */
@Tag(name = "Events", description = "Intercom's changes pushed by its webhooks, for subscribers (scope events:read)")
@RestController
public class EventController {

    static final String PATH = "/api/v1/events";
    private static final Logger log = LoggerFactory.getLogger(EventController.class);
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_TOPICS = 20;
    /** Ids come from Redis's clock or this replica's: an id this far past this replica's clock cannot have been handed out. */
    private static final long FUTURE_TOLERANCE_MILLIS = 60_000;

    /**
     * JSON pages being built or written on this replica at once. A page holds at most
     * {@code subscriber-buffer-bytes} of events (one at least) until its caller has read it, so this
     * bounds what pages hold however slowly their callers read.
     */
    static final int PAGES_AT_ONCE = 4;

    private final Semaphore pages = new Semaphore(PAGES_AT_ONCE);

    private final EventStream stream;
    private final EventLogProperties properties;
    private final boolean open;
    private final JsonMapper json;

    /** @param json the API's mapper (Spring's), which writes the JSON pages and their problems */
    public EventController(EventStream stream, EventLogProperties properties, CallerAuthenticationManager callers, JsonMapper json) {
        this.stream = stream;
        this.properties = properties;
        this.open = callers.open();
        this.json = json;
    }

    @Operation(operationId = "subscribeToEvents", summary = "Intercom's changes, as Server-Sent Events or JSON pages",
            description = "Server-Sent Events by default: each event's data is a CloudEvents 1.0 JSON object, its SSE id the event's "
                    + "position in the log; reconnect with Last-Event-ID (or after=; Last-Event-ID wins when both are sent) "
                    + "to resume right after it. Blocks with an id: line and no data: (heartbeats, skipped events) move the client's last event id forward. With Accept: application/json, a page {data:[{id, event}], next_after} of up to limit events "
                    + "after the id given. 410 when the events after that id are no longer retained (oldest_id names the oldest; "
                    + "after=resume_after delivers it first).")
    @RequiresScope("events:read")
    @GetMapping(PATH)
    ResponseEntity<StreamingResponseBody> events(
            @Parameter(description = "Resume after this event id (Last-Event-ID, when sent, takes precedence)") @RequestParam(required = false) String after,
            @Parameter(description = "JSON pages: events per page, 1 to gateway.events.max-page-size (100 by default)")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "Comma-separated topic prefixes, e.g. contact.,conversation.admin.") @RequestParam(required = false)
            String topics,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept, HttpServletResponse response) {
        boolean page = accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE) && !accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE);
        // an EventSource reconnects to its first URL (with its ?after=) and adds Last-Event-ID, which is the newer position
        boolean byHeader = lastEventId != null && !lastEventId.isBlank();
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String name = CallerIdentity.of(caller);
        LogId from;
        List<String> prefixes;
        int size;
        try {
            from = position(byHeader ? lastEventId : after, byHeader ? "Last-Event-ID" : "after");
            prefixes = prefixes(topics);
            size = page ? pageSize(limit) : 0;
        } catch (InvalidRequestException invalid) {
            throw refused(name, byHeader ? lastEventId : after, topics, invalid);
        }
        Set<String> scopes = open ? null : scopes(caller);
        if (from != null && from.millis() > System.currentTimeMillis() + FUTURE_TOLERANCE_MILLIS) {
            throw refused(name, from.toString(), topics,
                    new InvalidRequestException(byHeader ? "Last-Event-ID" : "after", "is later than now: no event has this id yet"));
        }
        if (from != null && !stream.log().resumableAfter(from, new EventFilter(scopes, prefixes))) {
            throw refused(name, from.toString(), topics, gone(from));
        }
        if (page) {
            if (!pages.tryAcquire()) {
                AuditLog.subscription(name, PATH, details(from, prefixes), "refused");
                return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "1")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(out -> json.writeValue(out, ProblemDetail.forStatusAndDetail(
                                HttpStatus.TOO_MANY_REQUESTS, "This replica is already answering " + PAGES_AT_ONCE + " pages of events; retry shortly")));
            }
            try {
                Map<String, Object> answer = page(from, size, new EventFilter(scopes, prefixes));
                Map<String, Object> details = details(from, prefixes);
                details.put("events", ((List<?>) answer.get("data")).size());
                AuditLog.subscription(name, PATH, details, "page");
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out -> {
                    try {
                        json.writeValue(out, answer);
                    } finally {
                        pages.release();
                    }
                });
            } catch (RuntimeException failed) {
                pages.release();
                throw failed;
            }
        }
        EventFilter filter = new EventFilter(scopes, prefixes);
        Subscription subscription = stream.subscribe(name, filter);
        if (subscription == null) {
            AuditLog.subscription(name, PATH, details(from, prefixes), "refused");
            HttpHeaders retry = new HttpHeaders();
            retry.set(HttpHeaders.RETRY_AFTER, "5");
            String why = stream.full() ? "This replica already holds " + properties.maxSubscribers()
                    + " open subscriptions (gateway.events.max-subscribers); retry, another replica may take it"
                    : "This caller already holds " + properties.maxSubscriptionsPerCaller()
                            + " open subscriptions (gateway.events.max-subscriptions-per-caller)";
            throw new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    why), null) {
                @Override
                public HttpHeaders getHeaders() {
                    return retry;
                }
            };
        }
        AuditLog.subscription(name, PATH, details(from, prefixes), "subscribed");
        String requestId = RequestIdFilter.current();
        // ends once, on the writer's thread or (a stalled write) the stall watch's: the audit line carries the request's id either way
        subscription.onEnd(outcome -> {
            String before = MDC.get(RequestIdFilter.MDC_KEY);
            MDC.put(RequestIdFilter.MDC_KEY, requestId);
            try {
                AuditLog.subscription(name, PATH, Map.of("events", subscription.written()), outcome);
            } finally {
                if (before == null) {
                    MDC.remove(RequestIdFilter.MDC_KEY);
                } else {
                    MDC.put(RequestIdFilter.MDC_KEY, before);
                }
            }
        });
        StreamingResponseBody body = out -> {
            MDC.put(RequestIdFilter.MDC_KEY, requestId);
            try {
                new SubscriptionWriter(stream, subscription, properties.heartbeat(), out, response::flushBuffer).run(from);
            } finally {
                stream.end(subscription, "closed");
                MDC.remove(RequestIdFilter.MDC_KEY);
            }
        };
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noStore())
                .header("X-Accel-Buffering", "no").body(body);
    }

    /** Like the intake: a 503 the caller may retry, logged once without a stack trace (the cause says it all). */
    @ExceptionHandler(EventLogUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(EventLogUnavailableException unavailable) {
        log.warn("The event log cannot be read ({}); answered 503", unavailable.getCause() == null ? unavailable.getMessage()
                : unavailable.getCause().toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The event log is unavailable; retry later"));
    }

    /**
     * Up to {@code limit} events after {@code from}, and no more than {@code subscriber-buffer-bytes} of
     * them (one at least, however large): {@code next_after} then names the last event looked at, so
     * the caller goes on from there. Events are written as stored, never parsed again.
     */
    private Map<String, Object> page(LogId from, int limit, EventFilter filter) {
        List<LoggedEvent> events = stream.log().after(from, limit);
        long budget = properties.subscriberBufferBytes().toBytes();
        long bytes = 0;
        String last = from == null ? null : from.toString();
        List<Map<String, Object>> data = new ArrayList<>();
        for (LoggedEvent event : events) {
            if (filter.accepts(event)) {
                if (!data.isEmpty() && bytes + event.cloudEvent().length() > budget) {
                    break;
                }
                bytes += event.cloudEvent().length();
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", event.id());
                item.put("event", new RawValue(event.cloudEvent()));
                data.add(item);
            }
            last = event.id();
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("data", data);
        page.put("next_after", last);
        return page;
    }

    /** A resume or request refused (400, 410): audited as the other refusals are, with the status and the values as sent. */
    private static ErrorResponseException refused(String caller, String from, String topics, ErrorResponseException refusal) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("after", shortened(from));
        details.put("topics", shortened(topics));
        details.put("status", refusal.getStatusCode().value());
        AuditLog.subscription(caller, PATH, details, "refused");
        return refusal;
    }

    /** What the caller sent, at most 100 characters of it: an audit line is no place for a caller's long text. */
    private static String shortened(String sent) {
        return sent == null || sent.length() <= 100 ? sent : sent.substring(0, 100) + "...";
    }

    private ErrorResponseException gone(LogId from) {
        EventLog.Window window = stream.log().window();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GONE, "Events after " + from + " are no longer retained"
                + (window.oldest() == null ? " (the log holds none): start again without Last-Event-ID or after"
                        : ": resume with after=<resume_after> (delivers oldest_id first), or start again without Last-Event-ID or after"));
        problem.setProperty("oldest_id", window.oldest() == null ? null : window.oldest().toString());
        problem.setProperty("resume_after", window.oldest() == null ? null : window.resumeAfter().toString());
        return new ErrorResponseException(HttpStatus.GONE, problem, null);
    }

    private int pageSize(Integer limit) {
        if (limit == null) {
            return Math.min(DEFAULT_PAGE, properties.maxPageSize());
        }
        if (limit < 1 || limit > properties.maxPageSize()) {
            throw new InvalidRequestException("limit", "must be between 1 and " + properties.maxPageSize());
        }
        return limit;
    }

    private static LogId position(String id, String field) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return LogId.parse(id.trim());
        } catch (IllegalArgumentException notAnId) {
            throw new InvalidRequestException(field, "must be an event id as sent in the stream's id: lines, like 1767225600000-0");
        }
    }

    private static List<String> prefixes(String topics) {
        if (topics == null || topics.isBlank()) {
            return List.of();
        }
        List<String> prefixes = Arrays.stream(topics.split(",")).map(String::trim).filter(prefix -> !prefix.isEmpty()).distinct().toList();
        if (prefixes.size() > MAX_TOPICS || prefixes.stream().anyMatch(prefix -> !prefix.matches("[a-z0-9_.]{1,100}"))) {
            throw new InvalidRequestException("topics", "must be up to " + MAX_TOPICS
                    + " comma-separated topic prefixes of lower-case letters, digits, '_' and '.', such as contact.,conversation.admin.");
        }
        return prefixes;
    }

    private static Set<String> scopes(Authentication caller) {
        if (caller == null) {
            return Set.of();
        }
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).filter(a -> a != null && a.startsWith("SCOPE_"))
                .map(a -> a.substring("SCOPE_".length())).collect(Collectors.toUnmodifiableSet());
    }

    private static Map<String, Object> details(LogId from, List<String> prefixes) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("after", from == null ? null : from.toString());
        details.put("topics", prefixes);
        return details;
    }
}
