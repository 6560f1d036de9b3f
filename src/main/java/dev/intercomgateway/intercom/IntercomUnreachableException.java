package dev.intercomgateway.intercom;

/** No answer could be had from Intercom: connection refused or reset, DNS failure, closed mid-response. */
public final class IntercomUnreachableException extends IntercomException {

    public IntercomUnreachableException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
