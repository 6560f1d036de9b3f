package dev.intercomgateway.intercom;

/** Intercom answered with an error status; {@code code} and the message come from its {@code error.list}. */
public final class IntercomApiException extends IntercomException {

    private final int status;
    private final String code;
    private final IntercomRateLimit rateLimit;

    public IntercomApiException(int status, String code, String message, String requestId, IntercomRateLimit rateLimit) {
        super(message, requestId, null);
        this.status = status;
        this.code = code;
        this.rateLimit = rateLimit;
    }

    public int status() {
        return status;
    }

    /** Intercom's error code, such as {@code not_found}; null when the error body had none. */
    public String code() {
        return code;
    }

    public IntercomRateLimit rateLimit() {
        return rateLimit;
    }
}
