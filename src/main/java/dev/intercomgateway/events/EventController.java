package dev.intercomgateway.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.http.HttpMethod;
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
    /**
     * Ids come from Redis's clock or this replica's, which may run ahead of this replica's: an id more than this past this
     * replica's clock cannot have been handed out (400); a later id within it resumes with the next event appended.
     */
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
            description = "Server-Sent Events by default (no Accept, */*, or text/event-stream preferred): each event's data is a CloudEvents "
                    + "1.0 JSON object, its SSE id the event's position in the log; reconnect with Last-Event-ID (or after=; Last-Event-ID wins "
                    + "when both are sent) to resume right after it. Blocks with an id: line and no data: (heartbeats, skipped events) move the "
                    + "client's last event id forward. When Accept prefers application/json (q-values honoured), a page {data:[{id, event}], "
                    + "next_after} of up to limit events after the id given. Any other Accept: 406. 410 when events after that id that the "
                    + "caller would receive are no longer retained (oldest_id names the oldest; after=resume_after delivers it first). "
                    + "400 for an id that is not an event id or lies more than 60 s past the gateway's clock. HEAD answers the same status and "
                    + "headers without opening a stream.")
    @RequiresScope("events:read")
    @GetMapping(PATH)
    ResponseEntity<StreamingResponseBody> events(
            @Parameter(description = "Resume after this event id (Last-Event-ID, when sent, takes precedence)") @RequestParam(required = false) String after,
            @Parameter(description = "JSON pages: events per page, 1 to gateway.events.max-page-size (100 by default)")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "Comma-separated topic prefixes, e.g. contact.,conversation.admin.") @RequestParam(required = false)
            String topics,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept, HttpServletRequest request, HttpServletResponse response) {
        // an EventSource reconnects to its first URL (with its ?after=) and adds Last-Event-ID, which is the newer position
        boolean byHeader = lastEventId != null && !lastEventId.isBlank();
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String name = CallerIdentity.of(caller);
        Optional<MediaType> representation = EventRepresentation.negotiate(accept);
        if (representation.isEmpty()) {
            Map<String, Object> details = refusal(byHeader ? lastEventId : after, topics, HttpStatus.NOT_ACCEPTABLE.value());
            details.put("reason", "not_acceptable");
            AuditLog.subscription(name, PATH, details, "refused");
            return problem(HttpStatus.NOT_ACCEPTABLE, "This resource is served as " + MediaType.TEXT_EVENT_STREAM_VALUE + " (the default) or "
                    + MediaType.APPLICATION_JSON_VALUE + "; the Accept header allows neither", null);
        }
        boolean page = MediaType.APPLICATION_JSON.equals(representation.get());
        boolean head = HttpMethod.HEAD.matches(request.getMethod());
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
        LogId sent = from;
        try {
            if (sent != null && !stream.log().resumableAfter(sent, new EventFilter(scopes, prefixes))) {
                throw refused(name, sent.toString(), topics, gone(sent));
            }
            from = sent == null ? null : EventLog.resumeFrom(sent, stream.log().last());
        } catch (EventLogUnavailableException unavailable) {
            throw unavailable(name, sent, topics, unavailable);
        }
        if (head) {
            // the answer's status and headers, without a body: no page is read and no stream (nor its slot) is opened
            return ResponseEntity.ok().contentType(page ? MediaType.APPLICATION_JSON : MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noStore())
                    .build();
        }
        if (page) {
            return page(name, from, prefixes, size, new EventFilter(scopes, prefixes), topics);
        }
        LogId start = from;
        from = sent;
        EventFilter filter = new EventFilter(scopes, prefixes);
        Subscription subscription = stream.subscribe(name, filter);
        if (subscription == null) {
            Map<String, Object> refusal = details(from, prefixes);
            refusal.put("status", HttpStatus.TOO_MANY_REQUESTS.value());
            refusal.put("reason", stream.full() ? "max_subscribers" : "max_subscriptions_per_caller");
            AuditLog.subscription(name, PATH, refusal, "refused");
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
                new SubscriptionWriter(stream, subscription, properties.heartbeat(), out, response::flushBuffer).run(start);
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
     * A JSON page, at most {@link #PAGES_AT_ONCE} at once on this replica. Audited once it is written
     * ({@code page}, with the events returned) or when it fails ({@code failed}, with the status).
     */
    private ResponseEntity<StreamingResponseBody> page(String name, LogId from, List<String> prefixes, int size, EventFilter filter, String topics) {
        if (!pages.tryAcquire()) {
            Map<String, Object> refusal = details(from, prefixes);
            refusal.put("status", HttpStatus.TOO_MANY_REQUESTS.value());
            refusal.put("reason", "pages_at_once");
            AuditLog.subscription(name, PATH, refusal, "refused");
            return problem(HttpStatus.TOO_MANY_REQUESTS, "This replica is already answering " + PAGES_AT_ONCE + " pages of events; retry shortly",
                    "1");
        }
        Map<String, Object> answer;
        try {
            answer = page(from, size, filter);
        } catch (EventLogUnavailableException unavailable) {
            pages.release();
            throw unavailable(name, from, topics, unavailable);
        } catch (RuntimeException failed) {
            pages.release();
            audit(name, from, topics, HttpStatus.INTERNAL_SERVER_ERROR, "failed");
            throw failed;
        }
        String requestId = RequestIdFilter.current();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out -> {
            String before = MDC.get(RequestIdFilter.MDC_KEY);
            MDC.put(RequestIdFilter.MDC_KEY, requestId);
            try {
                json.writeValue(out, answer);
                Map<String, Object> details = details(from, prefixes);
                details.put("events", ((List<?>) answer.get("data")).size());
                AuditLog.subscription(name, PATH, details, "page");
            } catch (RuntimeException failed) {
                audit(name, from, topics, HttpStatus.INTERNAL_SERVER_ERROR, "failed");
                throw failed;
            } finally {
                pages.release();
                if (before == null) {
                    MDC.remove(RequestIdFilter.MDC_KEY);
                } else {
                    MDC.put(RequestIdFilter.MDC_KEY, before);
                }
            }
        });
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

    /** A problem+json answer written by the API's mapper, whatever the Accept header allowed (RFC 9457). */
    private ResponseEntity<StreamingResponseBody> problem(HttpStatus status, String detail, String retryAfter) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        if (status == HttpStatus.NOT_ACCEPTABLE) {
            answer.header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        }
        return answer.body(out -> json.writeValue(out, ProblemDetail.forStatusAndDetail(status, detail)));
    }

    /** A read of the log that failed because its store is unreachable: audited with its 503, then answered by {@link #unavailable}. */
    private static EventLogUnavailableException unavailable(String caller, LogId from, String topics, EventLogUnavailableException unavailable) {
        audit(caller, from, topics, HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
        return unavailable;
    }

    private static void audit(String caller, LogId from, String topics, HttpStatus status, String outcome) {
        AuditLog.subscription(caller, PATH, refusal(from == null ? null : from.toString(), topics, status.value()), outcome);
    }

    /** A resume or request refused (400, 410): audited as the other refusals are, with the status and the values as sent. */
    private static ErrorResponseException refused(String caller, String from, String topics, ErrorResponseException refusal) {
        AuditLog.subscription(caller, PATH, refusal(from, topics, refusal.getStatusCode().value()), "refused");
        return refusal;
    }

    /**
     * An audit line's details for a request not served: the id and topics as sent (topics as a list, as
     * the lines of served requests carry them; at most {@link #MAX_TOPICS} + 1 of them), and the status.
     */
    private static Map<String, Object> refusal(String from, String topics, int status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("after", shortened(from));
        details.put("topics", topics == null ? List.of()
                : Arrays.stream(topics.split(",")).map(String::trim).filter(topic -> !topic.isEmpty()).limit(MAX_TOPICS + 1)
                        .map(EventController::shortened).toList());
        details.put("status", status);
        return details;
    }

    /** What the caller sent, at most 100 characters of it: an audit line is no place for a caller's long text. */
    private static String shortened(String sent) {
        return sent == null || sent.length() <= 100 ? sent : sent.substring(0, 100) + "...";
    }

    /**
     * 410: events after {@code from} the caller would have received are lost. {@code oldest_id} names the
     * oldest event retained (null when the log retains none); {@code resume_after} the id to pass as
     * {@code after} to go on losing nothing more: just before the oldest retained, or, when none is
     * retained, the newest id appended (or, for an in-memory log that has appended none since it
     * started, its start).
     */
    private ErrorResponseException gone(LogId from) {
        EventLog.Window window = stream.log().window();
        LogId resumeAfter = window.resumeAfter();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GONE, "Events after " + from + " are no longer retained"
                + (window.oldest() == null ? " (the log holds none now): resume with after=<resume_after> to receive the next ones, or start "
                        + "again without Last-Event-ID or after"
                        : ": resume with after=<resume_after> (delivers oldest_id first), or start again without Last-Event-ID or after"));
        problem.setProperty("oldest_id", window.oldest() == null ? null : window.oldest().toString());
        problem.setProperty("resume_after", resumeAfter == null ? null : resumeAfter.toString());
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
