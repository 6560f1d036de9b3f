package dev.intercomgateway.intercom.operations;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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
 * @param access what it does: {@link Access#READ} or {@link Access#WRITE} (see {@link #accessOf})
 * @param scope the scope a caller needs: {@code intercom:<tag>:read} or {@code intercom:<tag>:write} by its access
 * @param integerParameters the path variables the description types as integers
 * @param requiredQuery the query parameters the description requires
 * @param bodyTypes the media types of its request body; empty when it takes none
 * @param actingAs where a request names the admin the operation is done as (see {@link #ACTING_AS_FIELDS}):
 *     body fields ({@code admin_id}, {@code author_id}, {@code from}) at any depth, and {@code {admin_id}}
 *     for the path variable; empty when the operation is done as nobody in particular
 */
public record IntercomOperation(HttpMethod method, String pathTemplate, String operationId, String tag, Access access, String scope,
        Set<String> integerParameters, List<String> requiredQuery, List<String> bodyTypes, Set<String> actingAs) {

    /** Read: looks, lists, searches, downloads; changes nothing in the workspace. Write: anything else. */
    public enum Access {
        READ, WRITE;

        public String slug() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The request fields of Intercom's description that name the admin an operation is done <em>as</em>
     * (the author, the sender, the one performing or attributed with it), as opposed to an admin it is
     * done <em>to</em> ({@code assignee_id}, {@code admin_assignee_id}: whom a conversation or ticket
     * goes to): {@code admin_id} ("the admin who is authoring the comment", "performing the action",
     * "to attribute the tagging to", "creating the note"), {@code author_id} (an article's author)
     * and {@code from} when the description types it as {@code {type: admin, id}} (a message's sender).
     */
    public static final Set<String> ACTING_AS_FIELDS = Set.of("admin_id", "author_id", "from");

    /** The path variable of the operations done on one admin's own account (setting that admin away). */
    public static final String ACTING_AS_PATH = "{admin_id}";

    private static final Pattern READ_POST_PATH = Pattern.compile(".*/(search|list)");

    public IntercomOperation {
        integerParameters = Set.copyOf(integerParameters);
        requiredQuery = List.copyOf(requiredQuery);
        bodyTypes = List.copyOf(bodyTypes);
        actingAs = Set.copyOf(actingAs);
    }

    /** An operation as the index lists it; its scope follows from its tag and access. */
    public static IntercomOperation of(HttpMethod method, String pathTemplate, String operationId, String tag, Access access,
            Set<String> integerParameters, List<String> requiredQuery, List<String> bodyTypes, Set<String> actingAs) {
        return new IntercomOperation(method, pathTemplate, operationId, tag, access, "intercom:" + tagSlug(tag) + ":" + access.slug(),
                integerParameters, requiredQuery, bodyTypes, actingAs);
    }

    /**
     * What an operation does, by a rule over Intercom's description: GET and HEAD read; so does a POST
     * to a path ending in {@code /search} or {@code /list}, which is how Intercom takes a query too
     * large for a URL (SearchContacts, searchConversations, searchTickets, searchActivityLogs,
     * listAllCompanies, listCallsWithTranscripts). Everything else writes, including the POSTs that
     * only start a job ({@code createDataExport}, {@code POST /export/reporting_data/enqueue}):
     * a job is state in the workspace (one export runs at a time), and cancelling it is a write.
     * The index records the result per operation ({@code IntercomOperationsIndexTest} generates it).
     */
    public static Access accessOf(HttpMethod method, String pathTemplate) {
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return Access.READ;
        }
        return method == HttpMethod.POST && READ_POST_PATH.matcher(pathTemplate).matches() ? Access.READ : Access.WRITE;
    }

    /** Whether the operation takes a request body at all. */
    public boolean takesBody() {
        return !bodyTypes.isEmpty();
    }

    public boolean isRead() {
        return access == Access.READ;
    }

    /** Whether a request to it may name the admin it is done as. */
    public boolean actsAsAnAdmin() {
        return !actingAs.isEmpty();
    }

    PathPattern pattern() {
        return PathPatternParser.defaultInstance.parse(pathTemplate);
    }

    /** "Help Center" is {@code help_center}, "AI Content" {@code ai_content}. */
    static String tagSlug(String tag) {
        return tag.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
