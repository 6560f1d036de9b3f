package dev.intercomgateway.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;


/**
 * Serves the sandbox over HTTP on a loopback port, with Intercom's paths, JSON shapes, bearer
 * authentication, {@code error.list} errors and {@code X-RateLimit-*} headers, so that the gateway
 * reaches it exactly as it reaches Intercom.
 */
public class SandboxServer {

    private final SandboxStore store;
    private final SandboxRateLimiter rateLimiter;
    private final byte[] accessToken;
    private final DisposableServer server;
    private final SandboxWebhooks webhooks;

    SandboxServer(SandboxStore store, SandboxProperties properties, Clock clock, SandboxWebhooks webhooks) {
        this.store = store;
        this.webhooks = webhooks;
        this.rateLimiter = new SandboxRateLimiter(properties.rateLimit(), properties.rateLimitWindow(), clock);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.accessToken = ("sandbox-" + HexFormat.of().formatHex(secret)).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create().host("127.0.0.1").port(0).route(this::routes).bindNow();
    }

    /** The address the gateway calls. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** The token the sandbox accepts; made fresh at every start. */
    public String accessToken() {
        return new String(accessToken, StandardCharsets.UTF_8);
    }

    public void stop() {
        server.disposeNow();
    }

    private void routes(HttpServerRoutes routes) {
        routes.get("/me", handle(call -> store.admins().me()))
                .get("/admins", handle(call -> store.admins().listAdmins()))
                .get("/teams", handle(call -> store.admins().listTeams()))
                .get("/teams/{id}", handle(call -> store.admins().getTeam(call.param("id"))))
                .get("/tags", handle(call -> store.tags().listTags()))
                .get("/tags/{id}", handle(call -> store.tags().getTag(call.param("id"))))
                .delete("/tags/{id}", handle(call -> store.tags().deleteTag(call.param("id"))))
                .get("/contacts/{id}/tags", handle(call -> store.tags().listContactTags(call.param("id"))))
                .get("/contacts/{id}/notes", handle(call -> store.notes().listNotes(call.param("id"))))
                .post("/contacts/{id}/notes", handle(call -> store.notes().addNote(call.param("id"), call.json())))
                .post("/tags", handle(call -> store.tags().createOrFindTag(call.json())))
                .post("/contacts/{id}/tags", handle(call -> store.tags().tagContact(call.param("id"), call.json())))
                .delete("/contacts/{id}/tags/{tagId}", handle(call -> store.tags().untagContact(call.param("id"), call.param("tagId"))))
                .post("/conversations/{id}/tags", handle(call -> store.tags().tagConversation(call.param("id"), call.json())))
                .delete("/conversations/{id}/tags/{tagId}", handle(call -> store.tags().untagConversation(call.param("id"), call.param("tagId"),
                        call.json())))
                .get("/admins/{id}", handle(call -> store.admins().getAdmin(call.param("id"))))
                .post("/conversations/search", handle(call -> store.conversations().searchConversations(call.json())))
                .post("/contacts/search", handle(call -> store.contacts().searchContacts(call.json())))
                .post("/contacts/merge", handle(call -> notifying(store.contacts().mergeContacts(call.json()), SandboxServer::contactUpdated)))
                .post("/contacts", handle(call -> notifying(store.contacts().createContact(call.json()), contact -> "contact." + role(contact) + ".created")))
                .get("/contacts", handle(call -> store.contacts().listContacts(
                        SandboxPages.perPage(call.queryNode("per_page"), 50), call.query("starting_after"))))
                .get("/contacts/find_by_external_id/{externalId}", handle(call -> store.contacts().findUserByExternalId(call.param("externalId"))))
                .get("/contacts/{id}", handle(call -> store.contacts().getContact(call.param("id"))))
                .put("/contacts/{id}", handle(call -> notifying(store.contacts().updateContact(call.param("id"), call.json()), SandboxServer::contactUpdated)))
                .delete("/contacts/{id}", handle(call -> deleteContact(call.param("id"))))
                .get("/conversations", handle(call -> store.conversations().listConversations(
                        SandboxPages.perPage(call.queryNode("per_page"), 20), call.query("starting_after"))))
                .post("/conversations", handle(call -> conversationStarted(store.conversations().startConversationAsContact(call.json()), "conversation.user.created")))
                .get("/conversations/{id}", handle(call -> store.conversations().getConversation(call.param("id"))))
                .post("/conversations/{id}/reply", handle(call -> notifying(store.conversations().reply(call.param("id"), call.json()), conversation -> replyTopic(call.json()))))
                .post("/conversations/{id}/parts", handle(call -> notifying(store.conversations().manage(call.param("id"), call.json()), conversation -> manageTopic(call.json()))))
                .post("/messages", handle(call -> conversationStarted(store.conversations().sendAdminMessage(call.json()), "conversation.admin.single.created")))
                .route(request -> true, handle(call -> {
                    throw SandboxError.notFound("Resource Not Found");
                }));
    }

    // ---- webhooks: the notification Intercom sends for each change (topics from Intercom's webhook models) ----

    private ObjectNode notifying(ObjectNode item, Function<ObjectNode, String> topic) {
        webhooks.changed(topic.apply(item), item);
        return item;
    }

    private static String role(JsonNode contact) {
        return "lead".equals(SandboxJson.text(contact, "role")) ? "lead" : "user";
    }

    private static String contactUpdated(ObjectNode contact) {
        return "contact." + role(contact) + ".updated";
    }

    /** {@code contact.deleted} carries only identifying fields; the role is kept so that receivers know who may see it. */
    private ObjectNode deleteContact(String id) {
        String role = role(store.contacts().getContact(id));
        ObjectNode deleted = store.contacts().deleteContact(id);
        webhooks.changed("contact.deleted", deleted.deepCopy().put("role", role));
        return deleted;
    }

    private ObjectNode conversationStarted(ObjectNode message, String topic) {
        String conversationId = SandboxJson.text(message, "conversation_id");
        if (conversationId != null) {
            webhooks.changed(topic, store.conversations().getConversation(conversationId));
        }
        return message;
    }

    private static String replyTopic(JsonNode reply) {
        if ("user".equals(SandboxJson.text(reply, "type"))) {
            return "conversation.user.replied";
        }
        return "note".equals(SandboxJson.text(reply, "message_type")) ? "conversation.admin.noted" : "conversation.admin.replied";
    }

    private static String manageTopic(JsonNode request) {
        return switch (String.valueOf(SandboxJson.text(request, "message_type"))) {
            case "assignment" -> "conversation.admin.assigned";
            case "close" -> "conversation.admin.closed";
            case "snoozed" -> "conversation.admin.snoozed";
            default -> "conversation.admin.opened";
        };
    }

    private record Call(HttpServerRequest request, byte[] body, Map<String, List<String>> queryParameters) {

        /** A path variable, percent-decoded once as Intercom reads it ({@code 7%25off} is {@code 7%off}; a {@code +} stays a plus). */
        String param(String name) {
            String raw = request.param(name);
            return raw == null ? null : org.springframework.web.util.UriUtils.decode(raw, StandardCharsets.UTF_8);
        }

        String query(String name) {
            List<String> values = queryParameters.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        JsonNode queryNode(String name) {
            String value = query(name);
            return value == null ? NullNode.getInstance() : SandboxJson.MAPPER.getNodeFactory().textNode(value);
        }

        JsonNode json() {
            if (body.length == 0) {
                throw SandboxError.missing("A JSON request body is required");
            }
            JsonNode node = SandboxJson.MAPPER.readTree(body);
            if (!node.isObject()) {
                throw SandboxError.invalid("The request body must be a JSON object");
            }
            return node;
        }
    }

    private record Reply(int status, byte[] body, SandboxRateLimiter.Decision budget, Map<String, String> headers) {
    }

    private java.util.function.BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handle(Function<Call, Object> action) {
        return (request, response) -> request.receive().aggregate().asByteArray()
                .defaultIfEmpty(new byte[0])
                .map(body -> answer(new Call(request, body, new QueryStringDecoder(request.uri()).parameters()), action))
                .flatMap(reply -> {
                    response.status(reply.status())
                            .header("Content-Type", "application/json; charset=utf-8")
                            .header("X-Request-Id", UUID.randomUUID().toString());
                    reply.headers().forEach(response::header);
                    if (reply.budget() != null) {
                        response.header("X-RateLimit-Limit", String.valueOf(reply.budget().limit()))
                                .header("X-RateLimit-Remaining", String.valueOf(reply.budget().remaining()))
                                .header("X-RateLimit-Reset", String.valueOf(reply.budget().resetEpochSeconds()));
                    }
                    return response.sendByteArray(Mono.just(reply.body())).then();
                });
    }

    private Reply answer(Call call, Function<Call, Object> action) {
        if (!authorized(call.request().requestHeaders().get("Authorization"))) {
            return error(new SandboxError(401, "unauthorized", "Access Token Invalid"), null);
        }
        SandboxRateLimiter.Decision budget = rateLimiter.acquire();
        if (!budget.allowed()) {
            return error(new SandboxError(429, "rate_limit_exceeded", "Exceeded rate limit of " + budget.limit() + " in 10_seconds"), budget);
        }
        try {
            Object result;
            synchronized (store) {
                result = action.apply(call);
            }
            return new Reply(200, result == null ? new byte[0] : SandboxJson.MAPPER.writeValueAsBytes(result), budget, Map.of());
        } catch (SandboxError e) {
            return error(e, budget);
        } catch (JacksonException e) {
            return error(SandboxError.invalid("The request body is not valid JSON for this endpoint"), budget);
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8), accessToken);
    }

    private static Reply error(SandboxError error, SandboxRateLimiter.Decision budget) {
        ObjectNode body = SandboxJson.object().put("type", "error.list").put("request_id", UUID.randomUUID().toString());
        body.putArray("errors").addObject().put("code", error.code()).put("message", error.getMessage());
        return new Reply(error.status(), SandboxJson.MAPPER.writeValueAsBytes(body), budget, error.headers());
    }
}
