package dev.intercomgateway.intercom;

/** No answer could be had from Intercom: connection refused or reset, DNS failure, closed mid-response. */
public final class IntercomUnreachableException extends IntercomException {

    private final boolean requestSent;

    /**
     * @param requestSent false only when the request provably never left this service (connection
     *     refused, unknown host, no pooled connection), which makes even a POST safe to repeat
     */
    public IntercomUnreachableException(String message, boolean requestSent, Throwable cause) {
        super(message, null, cause);
        this.requestSent = requestSent;
    }

    public boolean requestSent() {
        return requestSent;
    }
}
