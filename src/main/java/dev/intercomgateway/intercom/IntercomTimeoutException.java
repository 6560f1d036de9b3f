package dev.intercomgateway.intercom;

/** Intercom did not answer in time (connect, read or whole-response timeout). */
public final class IntercomTimeoutException extends IntercomException {

    public IntercomTimeoutException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
