package dev.intercomgateway.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client, as an internal app would call the service: no Spring on this side. */
public final class HttpCaller {

    public record Answer(int status, HttpResponse<String> raw, JsonNode json) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return raw.body();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** One client for all callers: each JDK client holds a selector thread and a connection pool until collected. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String bearer;
    private final java.util.Map<String, String> headers;

    public HttpCaller(String baseUrl) {
        this(baseUrl, null);
    }

    /** A caller that sends {@code Authorization: Bearer <bearer>} with every request. */
    public HttpCaller(String baseUrl, String bearer) {
        this(baseUrl, bearer, java.util.Map.of());
    }

    private HttpCaller(String baseUrl, String bearer, java.util.Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.bearer = bearer;
        this.headers = headers;
    }

    /** The same caller, sending one more header. */
    public HttpCaller with(String name, String value) {
        var more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpCaller(baseUrl, bearer, more);
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Answer head(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    public Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A DELETE with a JSON body, as some Intercom operations take one (untagging a conversation names the admin). */
    public Answer delete(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method, without a body. */
    public Answer send(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    public Answer patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            headers.forEach(request::setHeader);
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = contentType.contains("json") && !response.body().isEmpty() ? JSON.readTree(response.body()) : null;
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
