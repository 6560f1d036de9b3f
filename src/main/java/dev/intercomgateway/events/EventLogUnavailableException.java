package dev.intercomgateway.events;

/** The log could not be written or read (its Redis is unreachable): the intake answers 503, so Intercom retries. */
public class EventLogUnavailableException extends RuntimeException {

    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
