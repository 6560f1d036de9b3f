package dev.intercomgateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.IntercomGatewayApplication;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/** Only known callers get in, each only to what its scopes allow; nothing reaches Intercom otherwise. */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class ApiSecurityTest {

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @BeforeEach
    void stubIntercom() {
        intercom.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson("{\"type\":\"contact\",\"id\":\"c1\",\"role\":\"user\"}")));
        intercom.stubFor(get("/me").willReturn(okJson("{\"type\":\"admin\",\"id\":\"1\"}")));
    }

    private HttpCaller api(String key) {
        return new HttpCaller("http://localhost:" + port, key);
    }

    private HttpCaller ops(String key) {
        return new HttpCaller("http://localhost:" + managementPort, key);
    }

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void callersCredentialsAreNotCopiedIntoIntercomCallsAndSecurityFiltersAreNotObservedOneByOne() {
        assertThat(api(TestCallers.READER_KEY).get("/api/v1/users/c1").status()).isEqualTo(200);

        assertThat(context.getBeanFactory().containsBeanDefinition("securityReactorContextSubscriberRegistrar")).isFalse();
        String scrape = ops(null).get("/actuator/prometheus").body();
        assertThat(scrape).contains("http_server_requests_seconds_count").doesNotContain("spring_security_")
                .as("no long-task timers beside the observations' timers").doesNotContain("_active_seconds");
    }

    @Test
    void missingCredentialsAre401WithChallengeAndProblem() {
        var answer = api(null).get("/api/v1/users/c1");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(401);
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unknownKeyIs401() {
        for (String key : new String[] {"nope", TestCallers.FULL_KEY + "x", TestCallers.sha256(TestCallers.FULL_KEY)}) {
            assertThat(api(key).get("/api/v1/users/c1").status()).as(key).isEqualTo(401);
        }
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void scopesDecideWhatACallerMayDo() {
        assertThat(api(TestCallers.READER_KEY).get("/api/v1/users/c1").status()).isEqualTo(200);
        intercom.resetRequests();

        var write = api(TestCallers.READER_KEY).post("/api/v1/users", "{\"email\":\"a@example.com\"}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api(TestCallers.READER_KEY).get("/api/v1/admins").status()).isEqualTo(403);
        assertThat(api(TestCallers.READER_KEY).get("/api/v1/conversations").status()).isEqualTo(403);
        assertThat(api(TestCallers.OPS_KEY).get("/api/v1/users/c1").status()).isEqualTo(403);
        intercom.verify(0, anyRequestedFor(anyUrl()));

        assertThat(api(TestCallers.FULL_KEY).get("/api/v1/users/c1").status()).isEqualTo(200);
    }

    /** The scope rule matches a path as the handler mapping does: percent-encoded letters decoded. */
    @Test
    void anEncodedPathNeedsTheScopeOfTheHandlerItReaches() {
        for (String path : new String[] {"/api/v1/us%65rs/c1", "/api/%76%31/users/c1"}) {
            assertThat(api(TestCallers.READER_KEY).get(path).status()).as(path).isEqualTo(200);
            assertThat(api(TestCallers.OPS_KEY).get(path).status()).as(path).isEqualTo(403);
        }
        intercom.resetRequests();
        assertThat(api(TestCallers.READER_KEY).get("/api/v1/conv%65rsations").status()).isEqualTo(403);
        assertThat(api(TestCallers.READER_KEY).get("/api/v1/adm%69ns/1").status()).isEqualTo(403);
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void responsesCarrySecurityHeaders() {
        var answer = api(TestCallers.FULL_KEY).get("/api/v1/users/c1");

        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void managementIsOpenOnlyForProbesAndMetrics() {
        assertThat(ops(null).get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(ops(null).get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(ops(null).get("/actuator/prometheus").status()).isEqualTo(200);

        assertThat(ops(null).get("/actuator/circuitbreakers").status()).isEqualTo(401);
        assertThat(ops(TestCallers.FULL_KEY).get("/actuator/circuitbreakers").status()).isEqualTo(403);
        assertThat(ops(TestCallers.OPS_KEY).get("/actuator/circuitbreakers").status()).isEqualTo(200);
    }

    @Test
    void requestIdIsKeptWhenSaneReplacedWhenNotAndInProblems() {
        var kept = api(TestCallers.FULL_KEY).with("X-Request-Id", "trace-42.a").get("/api/v1/users/c1");
        assertThat(kept.header("X-Request-Id")).isEqualTo("trace-42.a");

        var replaced = api(TestCallers.FULL_KEY).with("X-Request-Id", "<script>").get("/api/v1/users/c1");
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");

        var unauthorized = api(null).with("X-Request-Id", "trace-401").get("/api/v1/users/c1");
        assertThat(unauthorized.json().get("request_id").asString()).isEqualTo("trace-401");

        var invalid = api(TestCallers.FULL_KEY).with("X-Request-Id", "trace-400").get("/api/v1/users?limit=0");
        assertThat(invalid.json().get("request_id").asString()).isEqualTo("trace-400");
    }

    @Test
    void auditLineForReadsOfOneUserAndWritesNamesCallerOperationIdOutcomeOnly(CapturedOutput output) {
        intercom.stubFor(get(urlPathMatching("/contacts/c1")).willReturn(okJson(
                "{\"type\":\"contact\",\"id\":\"c1\",\"role\":\"user\",\"email\":\"secret.person@example.com\"}")));

        api(TestCallers.FULL_KEY).with("X-Request-Id", "audit-1").get("/api/v1/users/c1");
        api(TestCallers.READER_KEY).with("X-Request-Id", "audit-2").delete("/api/v1/users/c1");
        api(TestCallers.FULL_KEY).with("X-Request-Id", "audit-3").get("/api/v1/admins");

        String auditLines = output.getAll().lines().filter(line -> line.contains("\"event\":\"audit\"")).reduce("", (a, b) -> a + b + "\n");
        assertThat(auditLines).contains(
                "{\"event\":\"audit\",\"caller\":\"full-app\",\"operation\":\"GET /api/v1/users/{id}\",\"intercom_id\":\"c1\",\"outcome\":200,\"request_id\":\"audit-1\"}");
        assertThat(auditLines).contains("\"caller\":\"reader-app\",\"operation\":\"DELETE /api/v1/users/c1\",\"intercom_id\":null,\"outcome\":403,\"request_id\":\"audit-2\"");
        assertThat(auditLines).doesNotContain("audit-3").doesNotContain("secret.person");
    }

    @Test
    void searchesAndRefusedCallsAreAuditedToo(CapturedOutput output) {
        intercom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/contacts/search").willReturn(okJson(
                "{\"type\":\"list\",\"data\":[],\"total_count\":0,\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":0}}")));

        api(TestCallers.READER_KEY).with("X-Request-Id", "audit-search").get("/api/v1/users?email=secret.person@example.com");
        api(null).with("X-Request-Id", "audit-anonymous").get("/api/v1/users/c1");

        String auditLines = output.getAll().lines().filter(line -> line.contains("\"event\":\"audit\"")).reduce("", (a, b) -> a + b + "\n");
        assertThat(auditLines).contains("\"caller\":\"reader-app\",\"operation\":\"GET /api/v1/users\",\"intercom_id\":null,\"outcome\":200,"
                + "\"request_id\":\"audit-search\"");
        assertThat(auditLines).contains("\"caller\":\"anonymous\",\"operation\":\"GET /api/v1/users/c1\",\"intercom_id\":null,\"outcome\":401");
        assertThat(auditLines).doesNotContain("secret.person");
    }

    @Test
    void theInboxOperationsNeedTheirOwnScopes() {
        var reader = api(TestCallers.READER_KEY);
        assertThat(reader.get("/api/v1/leads").status()).isEqualTo(403);
        assertThat(reader.post("/api/v1/leads", "{\"email\":\"p@example.com\"}").status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/tags").status()).isEqualTo(403);
        assertThat(reader.post("/api/v1/users/c1/tags", "{\"name\":\"vip\"}").status()).isEqualTo(403);
        assertThat(reader.post("/api/v1/conversations/42/close", "{\"admin_id\":\"990001\"}").status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/users/c1/conversations").status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/teams").status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/users/c1/notes").status()).as("notes are user data").isNotEqualTo(403);
        assertThat(reader.post("/api/v1/users/c1/notes", "{\"body\":\"x\",\"admin_id\":\"990001\"}").status()).isEqualTo(403);
        var support = api(TestCallers.SUPPORT_KEY);
        assertThat(support.post("/api/v1/conversations/42/close", "{\"admin_id\":\"990001\"}").status())
                .as("conversations:write is not conversations:manage").isEqualTo(403);
        intercom.verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** The scope is checked before the request is read: a caller without it learns nothing of what input would be valid. */
    @Test
    void aCallerWithoutTheScopeGets403WhateverItSent() {
        var reader = api(TestCallers.READER_KEY);
        var full = api(TestCallers.FULL_KEY);
        String[][] invalid = {{"GET", "/api/v1/conversations/not-a-number", null}, {"POST", "/api/v1/users", "{not json"},
                {"PATCH", "/api/v1/users/c1", "{\"email\":\"not an email\"}"}, {"DELETE", "/api/v1/users/a.b", null},
                {"POST", "/api/v1/conversations/abc/close", "{}"}, {"GET", "/api/v1/leads?limit=0", null},
                {"POST", "/api/v1/users/c1/tags", "{}"}, {"GET", "/api/v1/admins/not-digits", null}};
        for (String[] call : invalid) {
            var refused = call[2] == null ? reader.send(call[0], call[1]) : send(reader, call[0], call[1], call[2]);
            assertThat(refused.status()).as(call[0] + " " + call[1] + " without the scope").isEqualTo(403);
            assertThat(refused.json().get("detail").asString()).isEqualTo("This caller lacks the scope this operation needs");
            var checked = call[2] == null ? full.send(call[0], call[1]) : send(full, call[0], call[1], call[2]);
            assertThat(checked.status()).as(call[0] + " " + call[1] + " with the scope").isIn(400, 415);
        }
        intercom.verify(0, com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathMatching("/(?!me).*")));
    }

    private static HttpCaller.Answer send(HttpCaller caller, String method, String path, String json) {
        return switch (method) {
            case "POST" -> caller.post(path, json);
            case "PATCH" -> caller.patch(path, json);
            default -> throw new IllegalArgumentException(method);
        };
    }

    /**
     * A request that reaches no handler runs none: a caller that may use the resource gets MVC's
     * 404, 405 or OPTIONS answer, as before the rules moved onto the handlers; a caller without any
     * scope of the resource still gets 403, and an anonymous one 401.
     */
    @Test
    void aRequestReachingNoHandlerGetsMvcsAnswerWhenTheCallerMayUseTheResource() {
        var full = api(TestCallers.FULL_KEY);
        String[][] notSupported = {{"PUT", "/api/v1/users/c1"}, {"PATCH", "/api/v1/users"}, {"GET", "/api/v1/conversations/1/close"},
                {"DELETE", "/api/v1/conversations/1"}};
        for (String[] call : notSupported) {
            var answer = full.send(call[0], call[1]);
            assertThat(answer.status()).as(call[0] + " " + call[1]).isEqualTo(405);
            assertThat(answer.json().get("detail").asString()).isEqualTo("Method '" + call[0] + "' is not supported.");
        }
        for (String path : new String[] {"/api/v1/users/c1/", "/api/v1/users/c1/nothing", "/api/v1/leads/l1/nothing"}) {
            var answer = full.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.json().get("detail").asString()).startsWith("No endpoint GET " + path);
        }
        assertThat(full.send("OPTIONS", "/api/v1/users/c1").status()).isEqualTo(200);
        assertThat(api(TestCallers.READER_KEY).send("PUT", "/api/v1/users/c1").status()).as("a scope of the resource").isEqualTo(405);

        for (String key : new String[] {TestCallers.OPS_KEY, TestCallers.SDK_KEY}) {
            for (String[] call : new String[][] {{"PUT", "/api/v1/users/c1"}, {"DELETE", "/api/v1/conversations/1"},
                    {"GET", "/api/v1/users/c1/nothing"}, {"OPTIONS", "/api/v1/users/c1"}}) {
                var refused = api(key).send(call[0], call[1]);
                assertThat(refused.status()).as(call[0] + " " + call[1] + " without any scope").isEqualTo(403);
                assertThat(refused.json().get("detail").asString()).isEqualTo("This caller lacks the scope this operation needs");
            }
        }
        assertThat(api(TestCallers.READER_KEY).send("DELETE", "/api/v1/conversations/1").status()).as("no scope of that resource").isEqualTo(403);
        assertThat(api(TestCallers.READER_KEY).get("/api/v1/conversations/1/nothing").status()).isEqualTo(403);
        assertThat(full.get("/api/v1/nothing/c1").status()).as("no such resource").isEqualTo(403);
        assertThat(api(null).send("PUT", "/api/v1/users/c1").status()).isEqualTo(401);
        intercom.verify(0, com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathMatching("/(?!me).*")));
    }

    /** A route exists for a caller only with one of its handlers' scopes: not by its resource's scopes (found by review). */
    @Test
    void aMethodNotSupportedOnARouteIsTheRoutesSecretForCallersWithoutItsScopes() {
        var reader = api(TestCallers.READER_KEY); // users:read; tags and a user's conversations need tags:write, conversations:read
        for (String[] call : new String[][] {{"GET", "/api/v1/users/c1/tags"}, {"HEAD", "/api/v1/users/c1/tags"},
                {"PATCH", "/api/v1/users/c1/tags"}, {"PUT", "/api/v1/users/c1/tags/1"}, {"OPTIONS", "/api/v1/users/c1/tags"},
                {"GET", "/api/v1/users/c1/conversations/"}, {"GET", "/api/v1/users/c1/tags/"}}) {
            assertThat(reader.send(call[0], call[1]).status()).as(call[0] + " " + call[1]).isEqualTo(403);
        }
        assertThat(api(TestCallers.FULL_KEY).get("/api/v1/users/c1/tags").status()).as("with the route's scope").isEqualTo(405);
        assertThat(reader.get("/api/v1/users/c1/tags.json").status()).as("no route: the resource's 404").isEqualTo(404);
    }

    /** The body is not read before the scope is checked: a large one is the 413 only of a caller that may send it (found by review). */
    @Test
    void credentialsAndScopeComeBeforeTheBodysSize() {
        String large = "{\"email\":\"big@example.com\",\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertThat(api(null).post("/api/v1/users", large).status()).isEqualTo(401);
        assertThat(api(TestCallers.READER_KEY).post("/api/v1/users", large).status()).isEqualTo(403);
        assertThat(api(TestCallers.READER_KEY).post("/api/v1/admins/1/away", large).status()).isEqualTo(403);
        var allowed = api(TestCallers.FULL_KEY).post("/api/v1/users", large);
        assertThat(allowed.status()).isEqualTo(413);
        assertThat(allowed.header("Content-Type")).startsWith("application/problem+json");
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void headIsARead() {
        assertThat(api(TestCallers.READER_KEY).head("/api/v1/users/c1").status()).isEqualTo(200);
        assertThat(api(TestCallers.READER_KEY).head("/api/v1/conversations").status()).isEqualTo(403);
    }

    @Test
    void whatNoRuleNamesIsRefusedAndTheApiDocsArePublic() {
        assertThat(api(TestCallers.FULL_KEY).get("/internal/anything").status()).isIn(401, 403);
        assertThat(api(null).get("/internal/anything").status()).isIn(401, 403);
        assertThat(api(null).get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api(TestCallers.FULL_KEY).get("/api/v2/users").status()).isEqualTo(403);
        intercom.verify(0, com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathMatching("/(?!me).*")));
    }

    /**
     * One catch-all chain, last: a second chain matching every path at the same order (a permit-all
     * one, as there was) would decide by bean order alone whether unknown paths are open.
     */
    @Test
    void oneChainCatchesWhatNoOtherNamesAndItDeniesAllButTheDocs() {
        var chains = context.getBean(org.springframework.security.web.FilterChainProxy.class).getFilterChains();
        var servletContext = new org.springframework.mock.web.MockServletContext();
        servletContext.setAttribute(org.springframework.web.context.WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
        for (String path : new String[] {"/internal/anything", "/v3/api-docs", "/swagger-ui.html", "/"}) {
            var request = new org.springframework.mock.web.MockHttpServletRequest(servletContext, "GET", path);
            request.setServletPath(path);
            assertThat(chains.stream().filter(chain -> chain.matches(request)).count()).as(path).isEqualTo(1);
            assertThat(chains.getLast().matches(request)).as(path).isTrue();
        }
        var orders = java.util.Arrays.stream(context.getBeanNamesForType(org.springframework.security.web.SecurityFilterChain.class))
                .map(name -> context.getBeanFactory().findAnnotationOnBean(name, org.springframework.core.annotation.Order.class))
                .map(order -> order == null ? null : order.value()).toList();
        assertThat(orders).doesNotContainNull().doesNotHaveDuplicates();

        assertThat(api(null).get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api(null).get("/v3/api-docs/swagger-config").status()).isEqualTo(200);
        assertThat(api(null).get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api(null).get("/swagger-ui.html").status()).isIn(200, 302);
        assertThat(api(null).post("/v3/api-docs", "{}").status()).as("the docs are read-only").isIn(401, 403);
        assertThat(api(null).get("/unknown").status()).isIn(401, 403);
        assertThat(api(TestCallers.FULL_KEY).get("/unknown").status()).isIn(401, 403);
        assertThat(api(TestCallers.FULL_KEY).get("/").status()).isIn(401, 403);
    }

    @Test
    void aCallerLimitedToSomeAdminsCannotActAsAnother() {
        intercom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/conversations/.*/reply")).willReturn(okJson(
                "{\"type\":\"conversation\",\"id\":\"42\",\"admin_assignee_id\":0}")));

        var asOther = api(TestCallers.SUPPORT_KEY).post("/api/v1/conversations/42/replies",
                "{\"from\":{\"type\":\"admin\",\"id\":\"990002\"},\"body\":\"Hi\"}");
        assertThat(asOther.status()).isEqualTo(403);
        assertThat(asOther.json().get("detail").asString()).contains("990002");
        var asOtherStarting = api(TestCallers.SUPPORT_KEY).post("/api/v1/conversations",
                "{\"from\":{\"type\":\"admin\",\"id\":\"990002\"},\"to\":{\"type\":\"user\",\"id\":\"6650a1b2c3d4e5f600000001\"},"
                        + "\"message_type\":\"in_app\",\"body\":\"Hi\"}");
        assertThat(asOtherStarting.status()).isEqualTo(403);
        intercom.verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));

        var asItself = api(TestCallers.SUPPORT_KEY).post("/api/v1/conversations/42/replies",
                "{\"from\":{\"type\":\"admin\",\"id\":\"990001\"},\"body\":\"Hi\"}");
        assertThat(asItself.status()).isEqualTo(200);
    }

    @Test
    void aCallerOverItsOwnShareIsRefusedWhileOthersAreServed() {
        assertThat(api(TestCallers.BATCH_KEY).get("/api/v1/users/c1").status()).isEqualTo(200);
        assertThat(api(TestCallers.BATCH_KEY).get("/api/v1/users/c1").status()).isEqualTo(200);
        intercom.resetRequests();

        var refused = api(TestCallers.BATCH_KEY).get("/api/v1/users/c1");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        intercom.verify(0, anyRequestedFor(anyUrl()));

        assertThat(api(TestCallers.READER_KEY).get("/api/v1/users/c1").status()).isEqualTo(200);
    }

    /**
     * The caller's limit counts Intercom calls, not requests: an export of 3 pages is 3 calls, which
     * spends the export job's limit of 3, so its next request is refused at once.
     */
    @Test
    void anExportOfThreePagesCostsTheCallerThreeCalls() throws Exception {
        String page = """
                {"type":"list","data":[{"type":"contact","id":"%s","role":"user"}],"total_count":3,
                 "pages":{"type":"pages","page":%d,"per_page":1,"total_pages":3%s}}""";
        intercom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/contacts/search")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("starting_after"))
                .willReturn(okJson(page.formatted("u1", 1, ",\"next\":{\"page\":2,\"starting_after\":\"p2\"}"))));
        intercom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/contacts/search")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"p2\""))
                .willReturn(okJson(page.formatted("u2", 2, ",\"next\":{\"page\":3,\"starting_after\":\"p3\"}"))));
        intercom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/contacts/search")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"p3\""))
                .willReturn(okJson(page.formatted("u3", 3, ""))));

        var export = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/v1/users/export?page_size=1"))
                .header("Authorization", "Bearer " + TestCallers.EXPORT_KEY).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).contains("\"u1\"", "\"u2\"", "\"u3\"");
        intercom.verify(3, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathMatching("/contacts/search")));
        intercom.resetRequests();

        var next = api(TestCallers.EXPORT_KEY).get("/api/v1/users/c1");
        assertThat(next.status()).isEqualTo(429);
        assertThat(next.header("Retry-After")).matches("[1-9][0-9]*");
        intercom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void serverMetricsAreTaggedByCaller() {
        api(TestCallers.READER_KEY).get("/api/v1/users/c1");

        String scrape = ops(null).get("/actuator/prometheus").body();
        assertThat(scrape).containsPattern("http_server_requests_seconds_count\\{[^}]*client=\"reader-app\"");
    }

    @Test
    void idempotencyKeysNeverReplayToAnotherCallerOrToNobody() {
        intercom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/contacts").willReturn(okJson(
                "{\"type\":\"contact\",\"id\":\"created-1\",\"role\":\"user\",\"email\":\"private@example.com\"}")));
        String body = "{\"email\":\"private@example.com\"}";

        var first = api(TestCallers.FULL_KEY).with("Idempotency-Key", "shared-key").post("/api/v1/users", body);
        assertThat(first.status()).isEqualTo(201);

        var anonymous = api(null).with("Idempotency-Key", "shared-key").post("/api/v1/users", body);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("private@example.com");

        var otherCaller = api(TestCallers.READER_KEY).with("Idempotency-Key", "shared-key").post("/api/v1/users", body);
        assertThat(otherCaller.status()).isEqualTo(403);
        assertThat(otherCaller.body()).doesNotContain("private@example.com");

        var again = api(TestCallers.FULL_KEY).with("Idempotency-Key", "shared-key").post("/api/v1/users", body);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void realTokenWithoutCallersRefusesToStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(IntercomGatewayApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--intercom.access-token=real-token-without-callers").close())
                .hasStackTraceContaining("No callers are configured")
                .hasStackTraceContaining("refusing to expose Intercom data without authentication");
    }
}
