package dev.intercomgateway.intercom;

/** Something went wrong talking to Intercom. The subclasses say what, so the web layer can answer precisely. */
public abstract sealed class IntercomException extends RuntimeException
        permits IntercomApiException, IntercomBadResponseException, IntercomTimeoutException, IntercomUnreachableException,
        IntercomRejectedException {

    private final String requestId;

    protected IntercomException(String message, String requestId, Throwable cause) {
        super(message, cause);
        this.requestId = requestId;
    }

    /** Intercom's {@code request_id} for the failed call, when it gave one (what Intercom support asks for). */
    public String requestId() {
        return requestId;
    }
}
