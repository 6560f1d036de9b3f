package dev.intercomgateway.idempotency;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intercomgateway.intercom.SentToIntercom;
import dev.intercomgateway.intercom.operations.IntercomOperations;
import dev.intercomgateway.security.CallerIdentity;
import dev.intercomgateway.web.CachedBodyRequest;
import dev.intercomgateway.web.ErrorListWriter;
import dev.intercomgateway.web.ProblemWriter;
import dev.intercomgateway.web.RequestBodyTooLargeException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes writes safe to repeat: a POST, PATCH or DELETE with an {@code Idempotency-Key} header is
 * performed once; a repeat with the same key and the same request gets the stored answer (marked
 * {@code Idempotent-Replayed: true}), a repeat with a different request gets 409, and a repeat that
 * arrives while the first is still running waits for it.
 *
 * <p>Only outcomes that reflect what Intercom did are kept (see {@link #reflectsAnUpstreamEffect}):
 * a refusal by the gateway's own checks (400, 401, 403, 404, 413, 415, 422, its 429 and 503) changed
 * nothing and is answered afresh on a repeat, after the checks run again. The answer streams on to
 * the caller while at most {@code max-entry-size + 1} bytes of it are held; a larger answer is kept
 * as performed-without-answer, and a repeat gets a 409 problem saying so, never a second execution.
 *
 * <p>An operation of the passthrough that only reads, whatever its method ({@code POST
 * /contacts/search}, {@code POST /companies/list}: access {@code read} in Intercom's description, see
 * {@link dev.intercomgateway.intercom.operations.IntercomOperation#accessOf}), has no effect to
 * protect: its Idempotency-Key is ignored, nothing is claimed or stored for it, so reads never take
 * room from anyone's writes. Every POST, PATCH and DELETE of {@code /api/v1} is a write.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** The problem type of a repeat whose first request was performed but whose answer was not kept. */
    public static final URI NOT_KEPT_TYPE = URI.create("urn:problem-type:intercom-gateway:idempotent-outcome-not-kept");
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<String> WRITES = Set.of("POST", "PATCH", "DELETE");
    private static final Set<String> REPLAYED_HEADERS = Set.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER);
    /** Answers that say Intercom did nothing (throttled, unavailable) or that are about the caller's credentials, never its request. */
    private static final Set<Integer> NEVER_KEPT = Set.of(401, 403, 429, 503);
    private static final IntercomOperations OPERATIONS = IntercomOperations.described();

    private final IdempotencyStore store;
    private final Duration concurrentWait;
    private final long maxEntrySize;
    private final Counter replays;
    private final Counter conflicts;

    public IdempotencyFilter(IdempotencyStore store, IdempotencyProperties properties, MeterRegistry meters) {
        this.store = store;
        this.concurrentWait = properties.concurrentWait();
        this.maxEntrySize = properties.maxEntrySize().toBytes();
        this.replays = Counter.builder("gateway.idempotency.replays").description("Answers replayed for a repeated Idempotency-Key")
                .register(meters);
        this.conflicts = Counter.builder("gateway.idempotency.conflicts")
                .description("Idempotency-Keys reused with a different request, or repeated while the first was still running too long")
                .register(meters);
    }

    /**
     * Whether an answer is kept for replay: only when the request sent Intercom a call that may have
     * changed something ({@link SentToIntercom}) and the answer is not one where Intercom provably did
     * nothing (429, 503) or one about credentials (401, 403, whoever gave it). Intercom's own answers
     * are kept otherwise, 2xx and 4xx alike, and so are 5xx answers after a call was sent (a timeout):
     * the effect is unknown, so a repeat must not run it again.
     */
    static boolean reflectsAnUpstreamEffect(HttpServletRequest request, int status) {
        return !NEVER_KEPT.contains(status) && SentToIntercom.recorded(request);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || request.getHeader(HEADER) == null || readsOnly(request);
    }

    /** Whether the request names a passthrough operation that only reads (a search or list sent as POST). */
    static boolean readsOnly(HttpServletRequest request) {
        String passthrough = request.getContextPath() + ErrorListWriter.PASSTHROUGH_PREFIX;
        String uri = request.getRequestURI();
        if (!uri.startsWith(passthrough + "/")) {
            return false;
        }
        try {
            return OPERATIONS.match(HttpMethod.valueOf(request.getMethod()), uri.substring(passthrough.length()))
                    .map(match -> match.operation().isRead()).orElse(false);
        } catch (IllegalArgumentException malformedPath) {
            return false;                                                 // the passthrough refuses it (400); treated as a write until then
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!VALID_KEY.matcher(key).matches()) {
            ProblemWriter.write(request, response, HttpStatus.BAD_REQUEST, HEADER + " must be 1 to 255 visible ASCII characters");
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestBodyTooLargeException e) {
            ProblemWriter.write(request, response, HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
            return;
        }
        String fingerprint = fingerprint(request, body);
        String caller = CallerIdentity.current();
        for (int attempt = 0; attempt < 3; attempt++) {
            IdempotencyStore.Claimed claimed;
            try {
                claimed = store.claim(caller, key, fingerprint);
            } catch (IdempotencyStoreUnavailableException e) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "5");
                ProblemWriter.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
                        e.getMessage() + "; the request was not performed. Retry later with the same key");
                return;
            } catch (IdempotencyQuotaExceededException e) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
                ProblemWriter.write(request, response, e.wholeStore() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS,
                        e.getMessage() + "; the request was not performed");
                return;
            }
            if (claimed.owned()) {
                performOnce(claimed.claim(), new CachedBodyRequest(request, body), response, chain);
                return;
            }
            IdempotencyStore.Entry existing = claimed.existing();
            if (!fingerprint.equals(existing.fingerprint())) {
                conflicts.increment();
                ProblemWriter.write(request, response, HttpStatus.CONFLICT,
                        HEADER + " was already used for a different request; use a new key for a new request");
                return;
            }
            StoredResponse stored = awaitOutcome(existing);
            if (stored == TIMED_OUT) {
                conflicts.increment();
                ProblemWriter.write(request, response, HttpStatus.CONFLICT, "A request with this " + HEADER + " is still in progress");
                return;
            }
            if (stored != null && stored.replayable()) {
                replays.increment();
                replay(stored, response);
                return;
            }
            if (stored != null) {
                conflicts.increment();
                notKept(stored, request, response);
                return;
            }
            // The first request ended without an outcome worth keeping: try to claim the key again.
        }
        ProblemWriter.write(request, response, HttpStatus.CONFLICT, "A request with this " + HEADER + " is still in progress");
    }

    private static final StoredResponse TIMED_OUT = new StoredResponse(0, Map.of(), new byte[0]);

    private StoredResponse awaitOutcome(IdempotencyStore.Entry entry) throws ServletException {
        try {
            return entry.outcome().get(concurrentWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException(e);
        } catch (ExecutionException e) {
            return null;
        }
    }

    private void performOnce(IdempotencyStore.Claim claim, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AnswerCapture recorded = new AnswerCapture(response, maxEntrySize);
        try {
            chain.doFilter(request, recorded);
            recorded.flushWriter();
        } catch (IOException | ServletException | RuntimeException e) {
            if (SentToIntercom.recorded(request)) {
                // Intercom was called, the answer did not get through whole: performed, but nothing to replay
                store.complete(claim, StoredResponse.notKept(response.isCommitted() ? response.getStatus() : 0, StoredResponse.NotKept.INCOMPLETE));
            } else {
                store.release(claim);
            }
            throw e;
        }
        int status = response.getStatus();
        if (!reflectsAnUpstreamEffect(request, status)) {
            store.release(claim);
            return;
        }
        if (recorded.overflowed()) {
            store.complete(claim, StoredResponse.notKept(status, StoredResponse.NotKept.TOO_LARGE));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (response.getContentType() != null) {
            headers.put(HttpHeaders.CONTENT_TYPE, response.getContentType());
        }
        store.complete(claim, new StoredResponse(status, headers, recorded.captured()));
    }

    /** A repeat of a request that was performed but whose answer was not kept: told so, never performed again. */
    private static void notKept(StoredResponse stored, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String why = switch (stored.notKept()) {
            case TOO_LARGE -> "its answer was larger than gateway.idempotency.max-entry-size";
            case OVER_QUOTA -> "its answer did not fit in this caller's gateway.idempotency.caller-quota";
            case INCOMPLETE -> "its answer broke off or failed after Intercom was called";
            case STORE_REFUSED -> "its answer could not be kept (the store of Idempotency-Keys refused to write it)";
        };
        String answered = stored.status() > 0 ? " and answered " + stored.status() : "";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The first request with this " + HEADER
                + " was performed" + answered + ", but " + why + ", so it cannot be replayed. It is not performed again: "
                + "look the result up in Intercom, or use a new key for a new request");
        problem.setType(NOT_KEPT_TYPE);
        problem.setTitle("Outcome performed but not kept for replay");
        problem.setProperty("performed", true);
        if (stored.status() > 0) {
            problem.setProperty("original_status", stored.status());
        }
        problem.setProperty("reason", stored.notKept().name().toLowerCase(Locale.ROOT));
        ProblemWriter.write(request, response, problem, "idempotent_outcome_not_kept");
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        stored.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED_HEADER, "true");
        response.getOutputStream().write(stored.body());
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
