package dev.intercomgateway.intercom;

import java.net.URI;

/**
 * Where the gateway sends its calls and with which token: the real Intercom, or the built-in
 * sandbox when no token is configured.
 */
public record IntercomEndpoint(URI baseUrl, String accessToken, boolean sandbox) {

    @Override
    public String toString() {
        return "IntercomEndpoint[baseUrl=" + baseUrl + ", sandbox=" + sandbox + "]";
    }
}
