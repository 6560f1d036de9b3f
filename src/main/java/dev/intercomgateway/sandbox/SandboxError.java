package dev.intercomgateway.sandbox;

import java.util.Map;

/** An error the sandbox answers with, in Intercom's {@code error.list} shape, with any headers Intercom adds. */
class SandboxError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    SandboxError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    SandboxError(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    static SandboxError notFound(String message) {
        return new SandboxError(404, "not_found", message);
    }

    static SandboxError invalid(String message) {
        return new SandboxError(400, "parameter_invalid", message);
    }

    static SandboxError missing(String message) {
        return new SandboxError(400, "parameter_not_found", message);
    }

    /** Intercom's answer for a contact merged into another: 410 with a canonical link to the survivor. */
    static SandboxError merged(String canonicalId) {
        return new SandboxError(410, "contact_merged", "Contact has been merged into another contact",
                Map.of("Link", "</contacts/" + canonicalId + ">; rel=\"canonical\""));
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
