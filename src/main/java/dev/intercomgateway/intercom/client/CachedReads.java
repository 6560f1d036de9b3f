package dev.intercomgateway.intercom.client;

import static org.springframework.http.HttpMethod.GET;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomRateLimit;
import dev.intercomgateway.intercom.cache.CacheKey;
import dev.intercomgateway.intercom.cache.CacheRead;
import dev.intercomgateway.intercom.cache.CachedAnswer;
import dev.intercomgateway.intercom.cache.CachedObjects;
import dev.intercomgateway.intercom.cache.ReadCache;
import dev.intercomgateway.intercom.client.model.IntercomJson;
import dev.intercomgateway.intercom.operations.IntercomOperation;
import dev.intercomgateway.intercom.operations.IntercomOperations;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The read cache's step on the way down, for both surfaces: reads by id ({@link CachedObjects})
 * go through {@link ReadCache}, loading Intercom's answer whole through the same policies
 * ({@link IntercomPassthrough#read}); every write invalidates the objects it changes before its
 * answer goes back, whether it succeeded or failed (a failed write may still have been done).
 * The typed client decodes the same bytes the passthrough serves, so one entry serves both.
 */
public class CachedReads {

    /** RFC 9211's header; the value names this cache and how the answer was obtained. */
    public static final String CACHE_STATUS = "Cache-Status";

    private final IntercomOperations operations = IntercomOperations.described();
    private final ReadCache cache;
    private final IntercomPassthrough passthrough;
    private final String apiVersion;

    public CachedReads(ReadCache cache, IntercomPassthrough passthrough, String apiVersion) {
        this.cache = cache;
        this.passthrough = passthrough;
        this.apiVersion = apiVersion;
    }

    /**
     * A read by id for the typed client, decoded from Intercom's JSON.
     *
     * @param variables the path's variables, already validated as Intercom ids
     * @param query the raw query string, or null
     */
    <T> T read(String pathTemplate, Map<String, String> variables, String query, Class<T> type) {
        IntercomOperations.Match match = operations.match(GET, expand(pathTemplate, variables))
                .orElseThrow(() -> new IllegalArgumentException("No operation of Intercom's description is GET " + pathTemplate));
        var request = new IntercomPassthrough.Request(match.operation(), match.variables(), query, null, null, null, null);
        CacheKey key = key(request).orElseThrow(() -> new IllegalArgumentException("GET " + pathTemplate + " is not a read the cache keeps"));
        // the load inline: the miss path passes as few of the gateway's frames as it can
        byte[] body = cache.read(key, () -> new CachedAnswer(passthrough.read(request).body(), MediaType.APPLICATION_JSON_VALUE, 0))
                .answer().body();
        try {
            return IntercomJson.mapper().readValue(body, type);
        } catch (JacksonException notJson) {
            throw new IntercomBadResponseException(200, "Intercom answered GET " + pathTemplate + " with a body that is not the expected JSON",
                    null, notJson);
        }
    }

    /**
     * The passthrough's call: a cached read answered from the cache (or one shared call), with
     * {@code Cache-Status} and {@code Age}; anything else forwarded, a write invalidating what it changes.
     */
    public IntercomResponse<IntercomPassthrough.Answer> forward(IntercomPassthrough.Request request) {
        AtomicReference<IntercomRateLimit> reported = new AtomicReference<>(IntercomRateLimit.UNKNOWN);
        Optional<CacheRead> read = readThrough(request, reported);
        if (read.isPresent()) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.parseMediaType(read.get().answer().contentType()));
            headers.set(CACHE_STATUS, read.get().cacheStatus());
            headers.set(HttpHeaders.AGE, String.valueOf(read.get().ageSeconds()));
            // this caller's own call: Intercom's budget headers, as an SDK reading them expects; none on a hit
            reported.get().writeTo(headers::set);
            var answer = new IntercomPassthrough.Answer(200, headers,
                    Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(read.get().answer().body())));
            return new IntercomResponse<>(200, answer, IntercomRateLimit.UNKNOWN, null);
        }
        IntercomOperation operation = request.operation();
        try {
            return passthrough.forward(request);
        } finally {
            if (!GET.equals(operation.method())) {
                cache.invalidate(CachedObjects.writtenBy(operation.pathTemplate(), request.variables(), json(request)), ReadCache.Source.WRITE, 0);
            }
        }
    }

    /**
     * After a write of the typed client (done or failed): what it changed, by its path and the ids its
     * body names (the same rules as on the passthrough, {@link CachedObjects}), is dropped before its
     * answer goes back.
     *
     * @param body the wire request, or null
     */
    void written(String pathTemplate, Map<String, String> variables, Object body) {
        JsonNode sent = body == null ? null : IntercomJson.mapper().valueToTree(body);
        cache.invalidate(CachedObjects.writtenBy(pathTemplate, variables, sent), ReadCache.Source.WRITE, 0);
    }

    /** The read through the cache, if it is one the cache keeps (JSON reads by id, in any version the caller may ask for). */
    private Optional<CacheRead> readThrough(IntercomPassthrough.Request request, AtomicReference<IntercomRateLimit> reported) {
        return key(request).map(key -> cache.read(key, () -> load(request, reported)));
    }

    /**
     * The query strings whose answers are kept: none, and the plain-text rendering of a conversation. Any other query is
     * read past the cache, so that one caller varying a query string cannot make an object's variants (and the shared
     * store's memory) grow without bound.
     */
    private static final java.util.Set<String> KEPT_QUERIES = java.util.Set.of("", "display_as=plaintext");

    /** The key of a read the cache keeps, if it is one. */
    private Optional<CacheKey> key(IntercomPassthrough.Request request) {
        IntercomOperation operation = request.operation();
        Optional<String> object = request.accept() == null
                ? CachedObjects.read(operation.method(), operation.pathTemplate(), request.variables())
                : Optional.empty();
        if (object.isEmpty()) {
            return Optional.empty();
        }
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();
        if (!KEPT_QUERIES.contains(rawQuery)) {
            return Optional.empty();
        }
        String path = expand(operation.pathTemplate(), request.variables());
        String query = rawQuery.isEmpty() ? "" : "?" + rawQuery;
        String version = request.version() == null ? apiVersion : request.version();
        return Optional.of(new CacheKey(object.get(), "GET " + path + query + " " + version));
    }

    private static String expand(String pathTemplate, Map<String, String> variables) {
        String path = pathTemplate;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            path = path.replace("{" + variable.getKey() + "}", IntercomPassthrough.encodeSegment(variable.getValue()));
        }
        return path;
    }

    /** Intercom's answer, whole; what Intercom reported of the budget goes to {@code reported}. */
    private CachedAnswer load(IntercomPassthrough.Request request, AtomicReference<IntercomRateLimit> reported) {
        IntercomResponse<byte[]> answer = passthrough.read(request);
        reported.set(answer.rateLimit());
        return new CachedAnswer(answer.body(), MediaType.APPLICATION_JSON_VALUE, 0);
    }

    private static JsonNode json(IntercomPassthrough.Request request) {
        if (request.body() == null || request.body().length == 0) {
            return null;
        }
        try {
            return IntercomJson.mapper().readTree(request.body());
        } catch (JacksonException notJson) {
            return null;
        }
    }
}
