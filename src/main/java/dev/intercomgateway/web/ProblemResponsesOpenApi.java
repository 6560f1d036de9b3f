package dev.intercomgateway.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/** Documents the problem responses every API operation can give, so that callers see them in the API docs. */
@Component
public class ProblemResponsesOpenApi implements OpenApiCustomizer {

    private static final String PROBLEM = "application/problem+json";
    private static final String SCHEMA = "#/components/schemas/ProblemDetail";

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        openApi.getComponents().addSchemas("ProblemDetail", new Schema<>()
                .type("object")
                .description("RFC 9457 problem details. Failures from Intercom add intercom_request_id, intercom_error_code "
                        + "and intercom_status; validation failures add errors: [{field, message}].")
                .addProperty("type", new Schema<>().type("string").example("about:blank"))
                .addProperty("title", new Schema<>().type("string").example("Bad Request"))
                .addProperty("status", new Schema<>().type("integer").example(400))
                .addProperty("detail", new Schema<>().type("string").example("Invalid request content"))
                .addProperty("instance", new Schema<>().type("string").example("/api/v1/users"))
                .addProperty("intercom_request_id", new Schema<>().type("string").example("f93ecfa8-d08a-4325-8694-89aeb89c8f85"))
                .addProperty("intercom_error_code", new Schema<>().type("string").example("not_found"))
                .addProperty("errors", new Schema<>().type("array").items(new Schema<>().type("object")
                        .addProperty("field", new Schema<>().type("string").example("email").description("The JSON name or path, or the "
                                + "query or path parameter, as the caller wrote it; a rule over several fields names them joined with commas "
                                + "(email,external_id); $ is the whole body (JSON that is not an object, or none), path a path the service refuses, request "
                                + "a request line or header the server cannot read"))
                        .addProperty("message", new Schema<>().type("string").example("must be a well-formed email address"))
                        .required(java.util.List.of("field", "message")))));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperationsMap().forEach((method, operation) -> document(path, method, operation));
            }
        });
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        add(responses, "400", "Invalid input; errors names the fields. Nothing was sent to Intercom.", "Bad Request",
                "Invalid request content");
        add(responses, "401", "Missing or unknown API key or token (WWW-Authenticate: Bearer)", "Unauthorized",
                "Missing or invalid credentials: send Authorization: Bearer <API key or token>");
        add(responses, "403", "The caller lacks the scope this operation needs", "Forbidden",
                "This caller lacks the scope this operation needs");
        if (path.contains("{id}")) {
            add(responses, "404", "No such resource in Intercom", "Not Found", "User Not Found");
        }
        if (operation.getRequestBody() != null) {
            add(responses, "413", "Request body over the size limit (1 MiB by default)", "Content Too Large",
                    "Request body exceeds the limit of 1048576 bytes");
            add(responses, "415", "Content type other than application/json", "Unsupported Media Type",
                    "Content-Type 'text/plain' is not supported.");
        }
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PATCH) {
            add(responses, "409", "Conflicts with existing data in Intercom (for users: same email or external_id)", "Conflict",
                    "A contact matching those details already exists with id=6650000000000000000000a1");
            add(responses, "422", "Intercom refused the parameters", "Unprocessable Content", "Parameter invalid");
        }
        add(responses, "429", "No rate-budget permit within the allowed wait, or Intercom's limit is exhausted; see Retry-After",
                "Too Many Requests", "No rate-budget permit within 5000 ms; nothing was sent to Intercom");
        add(responses, "503", "Intercom has been failing (circuit open) or too many calls are in flight; see Retry-After. Nothing was sent.",
                "Service Unavailable", "Intercom has been failing; calls are paused by the circuit breaker; nothing was sent to Intercom");
        boolean documented = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(parameter -> "Idempotency-Key".equals(parameter.getName()));
        if (!documented && (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PATCH || method == PathItem.HttpMethod.DELETE)) {
            operation.addParametersItem(new Parameter().in("header").name("Idempotency-Key").required(false)
                    .description("Makes the write safe to repeat: a repeat with the same key and request gets the stored answer "
                            + "(with Idempotent-Replayed: true); the same key with another request gets 409, and so does a repeat whose first "
                            + "answer was too large to keep (performed once, not replayed). Refusals by the gateway's own checks are not kept. "
                            + "1 to 255 visible ASCII characters.")
                    .schema(new Schema<>().type("string").maxLength(255)));
        }
        add(responses, "502", "Intercom failed, answered with an unusable body, or rejected this service's token", "Bad Gateway",
                "Intercom failed to handle the request (503)");
        add(responses, "504", "Intercom did not answer in time", "Gateway Timeout", "Intercom did not answer GET /contacts/{contact_id} in time");
    }

    private static void add(ApiResponses responses, String status, String description, String title, String detail) {
        if (responses.containsKey(status)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", Integer.parseInt(status));
        body.put("detail", detail);
        Example example = new Example().value(body);
        responses.addApiResponse(status, new ApiResponse()
                .description(description)
                .content(new Content().addMediaType(PROBLEM, new MediaType().schema(new Schema<>().$ref(SCHEMA)).addExamples("problem", example))));
    }
}
