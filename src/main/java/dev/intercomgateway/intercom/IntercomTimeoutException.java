package dev.intercomgateway.intercom;

/** Intercom did not answer in time (connect, read or whole-response timeout). */
public final class IntercomTimeoutException extends IntercomException {

    private final boolean requestSent;

    /**
     * @param requestSent false only for a connect timeout: the request never left; after a read
     *     timeout Intercom may well have processed it
     */
    public IntercomTimeoutException(String message, boolean requestSent, Throwable cause) {
        super(message, null, cause);
        this.requestSent = requestSent;
    }

    public boolean requestSent() {
        return requestSent;
    }
}
