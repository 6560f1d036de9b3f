package dev.intercomgateway.intercom;

import java.util.List;
import java.util.Map;

/** Intercom answered with an error status; {@code code} and the message come from its {@code error.list}. */
public final class IntercomApiException extends IntercomException {

    private final int status;
    private final String code;
    private final IntercomRateLimit rateLimit;
    private final String canonicalId;
    private final byte[] body;
    private final Map<String, List<String>> headers;

    public IntercomApiException(int status, String code, String message, String requestId, IntercomRateLimit rateLimit) {
        this(status, code, message, requestId, rateLimit, null, null, Map.of());
    }

    public IntercomApiException(int status, String code, String message, String requestId, IntercomRateLimit rateLimit, String canonicalId,
            byte[] body, Map<String, List<String>> headers) {
        super(message, requestId, null);
        this.headers = Map.copyOf(headers);
        this.status = status;
        this.code = code;
        this.rateLimit = rateLimit;
        this.canonicalId = canonicalId;
        this.body = body == null ? new byte[0] : body.clone();
    }

    /** Intercom's error body as it was sent (an {@code error.list}, or whatever it answered), for passing on unchanged. */
    public byte[] body() {
        return body.clone();
    }

    /**
     * For a 410 on a merged contact: the id of the contact it was merged into, from Intercom's
     * {@code Link: </contacts/{id}>; rel="canonical"}; null otherwise.
     */
    public String canonicalId() {
        return canonicalId;
    }

    /** Intercom's answer headers as sent (name to values), for passing on those a caller may see, whatever the status. */
    public Map<String, List<String>> headers() {
        return headers;
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
