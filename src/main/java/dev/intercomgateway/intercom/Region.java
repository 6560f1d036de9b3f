package dev.intercomgateway.intercom;

import java.net.URI;

/** The Intercom data-hosting regions; a workspace lives in one and its token works only there. */
public enum Region {
    US("https://api.intercom.io"),
    EU("https://api.eu.intercom.io"),
    AU("https://api.au.intercom.io");

    private final URI baseUrl;

    Region(String baseUrl) {
        this.baseUrl = URI.create(baseUrl);
    }

    public URI baseUrl() {
        return baseUrl;
    }
}
