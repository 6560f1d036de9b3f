package dev.intercomgateway.idempotency;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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

import dev.intercomgateway.security.CallerIdentity;
import dev.intercomgateway.web.CachedBodyRequest;
import dev.intercomgateway.web.ProblemWriter;
import dev.intercomgateway.web.RequestBodyTooLargeException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Makes writes safe to repeat: a POST, PATCH or DELETE with an {@code Idempotency-Key} header is
 * performed once; a repeat with the same key and the same request gets the stored answer (marked
 * {@code Idempotent-Replayed: true}), a repeat with a different request gets 409, and a repeat that
 * arrives while the first is still running waits for it. Outcomes where Intercom provably did
 * nothing (429 and 503: refused before sending, or throttled) are not stored, so the caller can retry.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<String> WRITES = Set.of("POST", "PATCH", "DELETE");
    private static final Set<String> REPLAYED_HEADERS = Set.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER);

    private final IdempotencyStore store;
    private final Duration concurrentWait;
    private final Counter replays;
    private final Counter conflicts;

    public IdempotencyFilter(IdempotencyStore store, Duration concurrentWait, MeterRegistry meters) {
        this.store = store;
        this.concurrentWait = concurrentWait;
        this.replays = Counter.builder("gateway.idempotency.replays").description("Answers replayed for a repeated Idempotency-Key")
                .register(meters);
        this.conflicts = Counter.builder("gateway.idempotency.conflicts")
                .description("Idempotency-Keys reused with a different request, or repeated while the first was still running too long")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || request.getHeader(HEADER) == null;
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
        key = callerScoped(key);
        for (int attempt = 0; attempt < 3; attempt++) {
            IdempotencyStore.Entry existing;
            try {
                existing = store.claim(key, fingerprint);
            } catch (IdempotencyStoreUnavailableException e) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "5");
                ProblemWriter.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
                        e.getMessage() + "; the request was not performed. Retry later with the same key");
                return;
            }
            if (existing == null) {
                performOnce(key, new CachedBodyRequest(request, body), response, chain);
                return;
            }
            if (!existing.fingerprint().equals(fingerprint)) {
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
            if (stored != null) {
                replays.increment();
                replay(stored, response);
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

    private void performOnce(String key, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorded);
        } catch (IOException | ServletException | RuntimeException e) {
            store.release(key);
            throw e;
        }
        int status = recorded.getStatus();
        if (status == 429 || status == 503) {
            store.release(key);
        } else {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : REPLAYED_HEADERS) {
                String value = recorded.getHeader(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            if (recorded.getContentType() != null) {
                headers.put(HttpHeaders.CONTENT_TYPE, recorded.getContentType());
            }
            store.complete(key, new StoredResponse(status, headers, recorded.getContentAsByteArray()));
        }
        recorded.copyBodyToResponse();
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        stored.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED_HEADER, "true");
        response.getOutputStream().write(stored.body());
    }

    /** Keys belong to the caller that sent them: another caller's identical key is another key. */
    private static String callerScoped(String key) {
        return CallerIdentity.current() + ":" + key;
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
