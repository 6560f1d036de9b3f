package dev.intercomgateway.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

import dev.intercomgateway.intercom.operations.DescriptionErrata;

/**
 * Intercom's own OpenAPI description (version 2.16, the project's copy in
 * {@code src/main/resources/intercom}) as a judge of one HTTP exchange. Loaded once per test JVM.
 *
 * <p>Where the description contradicts itself, an allow-list entry below names the lines it rests
 * on; nothing else is excused.
 */
public final class IntercomContract {

    public static final String DESCRIPTION = "/intercom/api.intercom.io.2.16.yaml";
    private static final Pattern MESSAGE_TYPE_BRANCH = Pattern.compile("message_type: `(\\w+)`\\.");

    private static volatile OpenApiInteractionValidator validator;

    private IntercomContract() {
    }

    /** One exchange as it crossed the wire; a null status means no answer was read. */
    public record Exchange(String method, String path, Map<String, List<String>> query, Map<String, List<String>> requestHeaders,
            byte[] requestBody, Integer status, Map<String, List<String>> responseHeaders, byte[] responseBody) {
    }

    /** What the description says is wrong with the request, then with the response. */
    public static List<String> violations(Exchange exchange) {
        Request request = request(exchange);
        List<String> found = new ArrayList<>();
        describe("request", exchange, validator().validateRequest(request), found);
        if (exchange.status() != null) {
            SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
            exchange.responseHeaders().forEach(response::withHeader);
            if (exchange.responseBody() != null && exchange.responseBody().length > 0) {
                response.withBody(new String(exchange.responseBody(), StandardCharsets.UTF_8));
            }
            describe("response " + exchange.status(), exchange,
                    validator().validateResponse(exchange.path(), Request.Method.valueOf(exchange.method()), response.build()), found);
        }
        return found;
    }

    private static Request request(Exchange exchange) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), exchange.path());
        exchange.query().forEach(request::withQueryParam);
        exchange.requestHeaders().forEach(request::withHeader);
        if (exchange.requestBody() != null && exchange.requestBody().length > 0) {
            request.withBody(new String(exchange.requestBody(), StandardCharsets.UTF_8));
        }
        return request.build();
    }

    private static void describe(String side, Exchange exchange, ValidationReport report, List<String> found) {
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                found.add(exchange.method() + " " + exchange.path() + " " + side + ": [" + message.getKey() + "] "
                        + message.getMessage().replace('\n', ' ') + " " + message.getContext().map(Object::toString).orElse(""));
            }
        }
    }

    private static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (IntercomContract.class) {
                if (validator == null) {
                    validator = OpenApiInteractionValidator.createFor(parse())
                            .withLevelResolver(LevelResolver.create()
                                    // Plain JSON Schema: a field the description does not list is allowed
                                    // unless it says otherwise. The validator's stricter reading cannot
                                    // evaluate the allOf schemas Intercom uses (contact, contact reply).
                                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                                    // Intercom answers statuses its description does not list for every
                                    // operation (429, 5xx); the gateway's own tests judge those answers.
                                    .withLevel("validation.response.status.unknown", ValidationReport.Level.IGNORE)
                                    .build())
                            .withWhitelist(allowList())
                            .build();
                }
            }
        }
        return validator;
    }

    /** Parses the description once per JVM (a few seconds). */
    static void load() {
        validator();
    }

    private static OpenAPI parse() {
        String text;
        try (InputStream in = IntercomContract.class.getResourceAsStream(DESCRIPTION)) {
            if (in == null) {
                throw new IllegalStateException("Intercom's OpenAPI description is not on the classpath at " + DESCRIPTION);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIV3Parser().readContents(text, null, options).getOpenAPI();
        inlineParameterSchemas(api);
        readBranchTitlesAsDiscriminator(api);
        return api;
    }

    /**
     * Header and query parameters whose schema is a {@code $ref} ({@code Intercom-Version} is one)
     * get the referenced schema itself: the validator reads an unresolved parameter schema as
     * untyped and parses "2.16" as a number, refusing the very version the description lists.
     */
    @SuppressWarnings("rawtypes")
    private static void inlineParameterSchemas(OpenAPI api) {
        Map<String, Schema> components = api.getComponents().getSchemas();
        api.getPaths().values().forEach(path -> {
            java.util.stream.Stream.concat(
                    java.util.Optional.ofNullable(path.getParameters()).stream().flatMap(List::stream),
                    path.readOperations().stream().flatMap(operation -> java.util.Optional.ofNullable(operation.getParameters()).stream()
                            .flatMap(List::stream)))
                    .filter(parameter -> parameter.getSchema() != null && parameter.getSchema().get$ref() != null)
                    .forEach(parameter -> parameter.setSchema(components.get(
                            parameter.getSchema().get$ref().substring("#/components/schemas/".length()))));
        });
    }

    /**
     * {@code create_message_request} requires {@code template} in the branch titled "message_type:
     * `email`", but its branches are an {@code anyOf} without a discriminator: an email without
     * {@code template} still matches the in-app branch, whose required fields it has. The check
     * reads each title as the message type the branch applies to, as the description intends.
     *
     * <p>The in-app branch is titled {@code inapp} (line 28535 of the description) while the
     * property's enum (lines 28447-28450) says {@code in_app}: the branch is read as applying to
     * both spellings, so the branch check judges the in-app message whichever it says. That the enum
     * line itself refuses {@code inapp} is the allow-list entry "POST /messages message_type inapp"
     * below, with its evidence.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void readBranchTitlesAsDiscriminator(OpenAPI api) {
        Schema request = api.getComponents().getSchemas().get("create_message_request");
        for (Object each : request.getAnyOf()) {
            Schema branch = (Schema) each;
            Matcher title = MESSAGE_TYPE_BRANCH.matcher(String.valueOf(branch.getTitle()));
            if (title.matches()) {
                List<String> spellings = title.group(1).equals("inapp") ? List.of("inapp", "in_app") : List.of(title.group(1));
                branch.setProperties(new java.util.LinkedHashMap<>(Map.of("message_type",
                        new StringSchema()._enum(spellings))));
            }
        }
    }

    /** The allow-list rule's name for a path parameter's type erratum. */
    static String pathParameterTypeRule(DescriptionErrata.PathParameterType erratum) {
        return erratum.method() + " " + erratum.pathTemplate() + ": " + erratum.parameter() + " typed integer";
    }

    /** The exact path of a template, any one segment for each variable. */
    static String pathRegex(String pathTemplate) {
        return "^" + Pattern.quote(pathTemplate).replaceAll("\\{[^}/]+\\}", "\\\\E[^/]+\\\\Q") + "$";
    }

    /** The description's self-contradictions, each named with the lines it rests on. Nothing else. */
    private static ValidationErrorsWhitelist allowList() {
        ValidationErrorsWhitelist allowList = ValidationErrorsWhitelist.create();
        // A path parameter typed integer against the description's own evidence: the main code's list
        // (DescriptionErrata, with each entry's lines), which the passthrough honours too.
        for (DescriptionErrata.PathParameterType erratum : DescriptionErrata.PATH_PARAMETER_TYPES) {
            allowList = allowList.withRule(pathParameterTypeRule(erratum), WhitelistRules.allOf(
                    WhitelistRules.isRequest(),
                    WhitelistRules.methodIs(io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(erratum.method().name())),
                    WhitelistRules.pathContainsRegexp(pathRegex(erratum.pathTemplate())),
                    WhitelistRules.messageHasKey("validation.request.parameter.schema.type")));
        }
        return allowList
                // create_message_request.message_type's enum (lines 28447-28450) says in_app, while the description's own
                // request example (line 16672, "No body supplied for message"), the anyOf branch title (line 28535,
                // "message_type: `inapp`.") and the official Node SDK intercom-client 7.0.3 (CreateMessageRequest.Inapp,
                // message_type: "inapp") send inapp, which the gateway sends. Only the enum's refusal of exactly "inapp" passes.
                .withRule("POST /messages message_type inapp: the enum line against the examples and the SDK", WhitelistRules.allOf(
                        WhitelistRules.isRequest(),
                        WhitelistRules.methodIs(io.swagger.v3.oas.models.PathItem.HttpMethod.POST),
                        WhitelistRules.pathContainsRegexp("^/messages$"),
                        WhitelistRules.messageHasKey("validation.request.body.schema.enum"),
                        WhitelistRules.messageContainsSubstring("\"inapp\"")))
                // create_conversation_request.from.id (lines 28172-28178) is a 24-character contact id
                // and also "format: uuid"; its own example 536e564f316c83104c000020 is not a UUID,
                // and no Intercom contact id is one.
                .withRule("POST /conversations from.id: 24-char id marked uuid", WhitelistRules.allOf(
                        WhitelistRules.isRequest(),
                        WhitelistRules.pathContainsRegexp("^/conversations$"),
                        WhitelistRules.messageContainsSubstring("is not a valid UUID")))
                // POST /tags is a oneOf of four bodies, but create_or_update_tag_request (lines 28696-28712: name required,
                // other fields allowed) matches every body of the others that has a name, as tag_multiple_users_request
                // (lines 33621-33640: name and users, both required) always has: tagging or untagging users cannot match
                // exactly one. Only that two-branch match of a body with users passes.
                .withRule("POST /tags users: the oneOf's create-or-update branch matches every users body", WhitelistRules.allOf(
                        WhitelistRules.isRequest(),
                        WhitelistRules.methodIs(io.swagger.v3.oas.models.PathItem.HttpMethod.POST),
                        WhitelistRules.pathContainsRegexp("^/tags$"),
                        WhitelistRules.messageHasKey("validation.request.body.schema.oneOf"),
                        WhitelistRules.messageContainsSubstring("matched 2 out of 4")))
                // GET /contacts (ListContacts, line 8919) lists no query parameter but include_merge_history, while its own
                // text (lines 8925-8928) says to page it with per_page (default 50) and starting_after, as the SDKs do.
                .withRule("GET /contacts: per_page and starting_after only in the text", WhitelistRules.allOf(
                        WhitelistRules.isRequest(),
                        WhitelistRules.methodIs(io.swagger.v3.oas.models.PathItem.HttpMethod.GET),
                        WhitelistRules.pathContainsRegexp("^/contacts$"),
                        WhitelistRules.messageHasKey("validation.request.parameter.query.unexpected"),
                        WhitelistRules.anyOf(WhitelistRules.messageContainsSubstring("'per_page'"),
                                WhitelistRules.messageContainsSubstring("'starting_after'"))))
                // GET /download/reporting_data/{job_identifier} tells the caller to send Accept: application/octet-stream
                // (lines 3913-3927, an enum of that one value), while its answers name no media type but application/json (the 404,
                // lines 3939-3946), which the validator reads as the only one a caller may accept.
                .withRule("GET /download/reporting_data: the required Accept against the answer's media type", WhitelistRules.allOf(
                        WhitelistRules.isRequest(),
                        WhitelistRules.methodIs(io.swagger.v3.oas.models.PathItem.HttpMethod.GET),
                        WhitelistRules.pathContainsRegexp("^/download/reporting_data/[^/]+$"),
                        WhitelistRules.messageHasKey("validation.request.accept.notAllowed"),
                        WhitelistRules.messageContainsSubstring("application/octet-stream")));
    }
}
