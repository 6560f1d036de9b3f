package dev.intercomgateway.intercom.operations;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * Where Intercom's OpenAPI description (2.16, {@code api.intercom.io.2.16.yaml}) types a path
 * parameter against its own evidence. The operation index leaves such a parameter out of an
 * operation's integer parameters (so the passthrough forwards the ids Intercom really uses), and the
 * contract check's allow-list excuses exactly these entries; a test holds the two together.
 * Nothing is listed without the lines it rests on.
 */
public final class DescriptionErrata {

    /**
     * A path parameter the description types {@code integer} while the same parameter is a string id elsewhere.
     *
     * @param method the operation's method
     * @param pathTemplate the operation's path with Intercom's variable names
     * @param parameter the path variable
     * @param evidence the description's lines (and SDKs) that show the value Intercom takes
     */
    public record PathParameterType(HttpMethod method, String pathTemplate, String parameter, String evidence) {
    }

    /**
     * Every integer-typed path parameter that is a 24-hex id elsewhere in the description. Found by
     * comparing each path variable's type across operations: only createNote's {@code contact_id}
     * is one (conversation, article, collection, help center, admin and note ids are numeric everywhere
     * the description gives an example).
     */
    public static final List<PathParameterType> PATH_PARAMETER_TYPES = List.of(
            new PathParameterType(HttpMethod.POST, "/contacts/{contact_id}/notes", "contact_id",
                    "createNote types contact_id integer (line 7321), while GET on the same path types it a string (line 7218), "
                            + "every other contact operation gives 24-hex examples (63a07ddf05a32042dffac965), its own request "
                            + "example sends contact_id 6762f0ad1bb69f9f2193bb62 (line 7392), and the Node SDK (intercom-client 7.0.3, "
                            + "notes.create) sends the contact id as a string"));

    private DescriptionErrata() {
    }

    /** Whether the description's integer type of this path parameter is one of its errata. */
    public static boolean integerTypeIsAnErratum(HttpMethod method, String pathTemplate, String parameter) {
        return PATH_PARAMETER_TYPES.stream().anyMatch(erratum -> erratum.method().equals(method)
                && erratum.pathTemplate().equals(pathTemplate) && erratum.parameter().equals(parameter));
    }
}
