package dev.intercomgateway.web;

import java.io.IOException;

/** A request body went past {@code gateway.max-request-body-size}. */
public class RequestBodyTooLargeException extends IOException {

    public RequestBodyTooLargeException(long limit) {
        super("Request body exceeds the limit of " + limit + " bytes");
    }
}
