package dev.intercomgateway.sandbox;

/** An error the sandbox answers with, in Intercom's {@code error.list} shape. */
class SandboxError extends RuntimeException {

    private final int status;
    private final String code;

    SandboxError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
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

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
