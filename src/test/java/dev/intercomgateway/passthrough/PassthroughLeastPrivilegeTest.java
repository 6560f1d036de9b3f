package dev.intercomgateway.passthrough;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.contract.ContractViolations;
import dev.intercomgateway.contract.OffContractAnswers;
import dev.intercomgateway.intercom.operations.IntercomOperation;
import dev.intercomgateway.intercom.operations.IntercomOperations;
import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Least privilege over every operation of Intercom's description on {@code /intercom}: a caller
 * holding only the operation's own scope is served, a caller holding only the other access of the
 * same tag (read for a write, write for a read) is refused, and so is one holding the other access
 * for every tag; a refused call never reaches Intercom.
 */
@GatewayTest(properties = {
        "resilience4j.retry.instances.intercom.max-attempts=1",
        "gateway.idempotency.max-memory=300MB"}, testCallers = false)
class PassthroughLeastPrivilegeTest {

    static final List<String> SCOPES = new ArrayList<>(IntercomOperations.described().scopes());
    static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // one caller per scope (74): the memory store of Idempotency-Keys is sized for them, as startup asks
        List<String> scopes = new ArrayList<>(SCOPES);
        scopes.add("intercom:*:read");
        scopes.add("intercom:*:write");
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            registry.add("gateway.clients[" + i + "].name", () -> "only-" + scope.replaceAll("[^A-Za-z0-9_-]", "-"));
            registry.add("gateway.clients[" + i + "].key-sha256", () -> TestCallers.sha256(key(scope)));
            registry.add("gateway.clients[" + i + "].scopes", () -> scope);
        }
    }

    @LocalServerPort
    int port;

    /** A bearer token is letters, digits and {@code -._~+/}: the scope's other characters become their code points. */
    static String key(String scope) {
        StringBuilder key = new StringBuilder("least-privilege-key-");
        scope.chars().forEach(c -> key.append(Character.isLetterOrDigit(c) || c == '_' ? String.valueOf((char) c) : "." + c + "."));
        return key.toString();
    }

    @Test
    @OffContractAnswers("the stand-in answers {} to every operation; the requests are judged below")
    void eachOperationNeedsItsOwnScopeAndNoOther() {
        intercom.stubFor(any(anyUrl()).willReturn(okJson("{}")));
        List<IntercomOperation> operations = IntercomOperations.described().all();
        Map<String, String> failures = new TreeMap<>();
        int served = 0;
        for (IntercomOperation operation : operations) {
            String path = path(operation);
            String name = operation.method() + " " + operation.pathTemplate();
            assertThat(IntercomOperations.described().match(operation.method(), path.split("\\?")[0])).as(name)
                    .get().satisfies(match -> assertThat(match.operation()).isEqualTo(operation));
            String other = operation.isRead() ? "write" : "read";
            String sameTagOther = operation.scope().replaceAll(":(read|write)$", ":" + other);

            int before = intercom.getAllServeEvents().size();
            HttpCaller.Answer own = call(operation.scope(), operation, path);
            if (own.status() != 200 || intercom.getAllServeEvents().size() != before + 1) {
                failures.put(name, "with only " + operation.scope() + ": " + own.status() + " " + own.body());
            } else {
                served++;
            }
            for (String refusedScope : SCOPES.contains(sameTagOther) ? List.of(sameTagOther, "intercom:*:" + other) : List.of("intercom:*:" + other)) {
                int beforeRefusal = intercom.getAllServeEvents().size();
                HttpCaller.Answer refused = call(refusedScope, operation, path);
                if (refused.status() != 403 || intercom.getAllServeEvents().size() != beforeRefusal
                        || !"error.list".equals(refused.json().path("type").asString(""))) {
                    failures.put(name + " as " + refusedScope, refused.status() + " " + refused.body());
                }
            }
        }
        assertThat(failures).as("operations not served with their own scope, or served with another").isEmpty();
        assertThat(served).isEqualTo(231);
        assertThat(ContractViolations.drain()).filteredOn(violation -> violation.side() == ContractViolations.Side.REQUEST)
                .filteredOn(violation -> !violation.text().contains("[validation.request.body"))
                // GET /events requires an object `filter`; the placeholder filter=1 is not one (its scope is what is tested)
                .filteredOn(violation -> !violation.text().startsWith("GET /events request: [validation.request.parameter.schema"))
                .as("requests whose path or query break Intercom's description").isEmpty();
    }

    private HttpCaller.Answer call(String scope, IntercomOperation operation, String path) {
        HttpCaller caller = new HttpCaller("http://localhost:" + port + "/intercom", key(scope));
        if (operation.pathTemplate().startsWith("/download/reporting_data/")) {
            // The description's one required Accept (lines 3913-3927): a caller of this download names it, as Intercom asks
            caller = caller.with("Accept", "application/octet-stream");
        }
        return switch (operation.method().name()) {
            case "GET" -> caller.get(path);
            case "POST" -> caller.post(path, "{}");
            case "PUT" -> caller.put(path, "{}");
            case "PATCH" -> caller.patch(path, "{}");
            case "DELETE" -> operation.takesBody() ? caller.delete(path, "{}") : caller.delete(path);
            default -> throw new IllegalStateException(operation.method().name());
        };
    }

    /** The operation's path with plain ids (integers where the description says so) and its required query. */
    static String path(IntercomOperation operation) {
        Matcher variables = VARIABLE.matcher(operation.pathTemplate());
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            variables.appendReplacement(path, operation.integerParameters().contains(variables.group(1)) ? "123" : "a1b2c3");
        }
        variables.appendTail(path);
        List<String> query = operation.requiredQuery().stream().map(name -> name + "=1").toList();
        return query.isEmpty() ? path.toString() : path + "?" + String.join("&", query);
    }
}
