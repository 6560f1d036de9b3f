package dev.intercomgateway.intercom.client;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Sets the headers Intercom needs on every call, replacing whatever was there: the bearer token,
 * the API version and JSON as the accepted type. Cookies are dropped.
 */
public class IntercomHeadersFilter implements ExchangeFilterFunction {

    private final String accessToken;
    private final String apiVersion;

    public IntercomHeadersFilter(String accessToken, String apiVersion) {
        this.accessToken = accessToken;
        this.apiVersion = apiVersion;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        ClientRequest withHeaders = ClientRequest.from(request)
                .headers(headers -> {
                    headers.remove(HttpHeaders.COOKIE);
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    if (accessToken != null && !accessToken.isBlank()) {
                        headers.setBearerAuth(accessToken);
                    }
                    headers.set("Intercom-Version", apiVersion);
                    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                })
                .cookies(cookies -> cookies.clear())
                .build();
        return next.exchange(withHeaders);
    }

    @Override
    public String toString() {
        return "IntercomHeadersFilter[apiVersion=" + apiVersion + "]";
    }
}
