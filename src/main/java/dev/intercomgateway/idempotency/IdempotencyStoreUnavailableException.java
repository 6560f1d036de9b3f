package dev.intercomgateway.idempotency;

/** The shared store of Idempotency-Keys cannot be reached: a keyed write is refused rather than risked twice. */
public class IdempotencyStoreUnavailableException extends RuntimeException {

    public IdempotencyStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
