package dev.intercomgateway.intercom;

/** Intercom's answer could not be used: an empty or malformed body, or an unexpected status. */
public final class IntercomBadResponseException extends IntercomException {

    private final int status;

    public IntercomBadResponseException(int status, String message, String requestId, Throwable cause) {
        super(message, requestId, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
