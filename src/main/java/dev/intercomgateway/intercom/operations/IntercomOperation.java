package dev.intercomgateway.intercom.operations;

import java.util.List;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One operation of Intercom's REST API as its OpenAPI description lists it.
 *
 * @param method the HTTP method
 * @param pathTemplate the path with Intercom's own variable names, such as {@code /contacts/{contact_id}}
 * @param operationId Intercom's name for it, such as {@code ShowContact}; used in metrics and audit lines
 * @param tag the first of its tags (the SDKs' resource: {@code client.contacts}, {@code client.tags} ...)
 * @param scope the scope a caller needs: {@code intercom:<tag>:read} for reads and searches,
 *     {@code intercom:<tag>:write} otherwise (worked out once, not per request)
 * @param integerParameters the path variables the description types as integers
 * @param requiredQuery the query parameters the description requires
 * @param bodyTypes the media types of its request body; empty when it takes none
 */
public record IntercomOperation(HttpMethod method, String pathTemplate, String operationId, String tag, String scope,
        Set<String> integerParameters, List<String> requiredQuery, List<String> bodyTypes) {

    public static IntercomOperation of(HttpMethod method, String pathTemplate, String operationId, String tag) {
        return of(method, pathTemplate, operationId, tag, Set.of(), List.of(), List.of());
    }

    public static IntercomOperation of(HttpMethod method, String pathTemplate, String operationId, String tag, Set<String> integerParameters,
            List<String> requiredQuery, List<String> bodyTypes) {
        String access = isRead(method, pathTemplate) ? "read" : "write";
        return new IntercomOperation(method, pathTemplate, operationId, tag, "intercom:" + tagSlug(tag) + ":" + access,
                Set.copyOf(integerParameters), List.copyOf(requiredQuery), List.copyOf(bodyTypes));
    }

    /** Whether the operation takes a request body at all. */
    public boolean takesBody() {
        return !bodyTypes.isEmpty();
    }

    /**
     * GET and HEAD read; so does a POST to a {@code /search} path, which is how Intercom takes a
     * search's query in a body. Everything else changes something.
     */
    public boolean isRead() {
        return isRead(method, pathTemplate);
    }

    private static boolean isRead(HttpMethod method, String pathTemplate) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || (method == HttpMethod.POST && pathTemplate.endsWith("/search"));
    }

    PathPattern pattern() {
        return PathPatternParser.defaultInstance.parse(pathTemplate);
    }

    /** "Help Center" is {@code help_center}, "AI Content" {@code ai_content}. */
    static String tagSlug(String tag) {
        return tag.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
