package dev.intercomgateway.intercom.client;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.service.invoker.HttpExchangeAdapter;
import org.springframework.web.service.invoker.HttpExchangeAdapterDecorator;
import org.springframework.web.service.invoker.HttpRequestValues;

/**
 * Puts every exchange of {@link IntercomApi}'s proxy through the policies ({@link IntercomCalls}),
 * installed with {@code HttpServiceProxyFactory.Builder.exchangeAdapterDecorator}. The call is named
 * by the request's HTTP method and URI template, as the {@code @HttpExchange} annotations give them
 * ({@code "GET /contacts/{contact_id}"}), without the query part; each attempt the policies make is a
 * new exchange through the WebClient. IntercomApi's operations return their answer's body: the
 * headers (Intercom's rate limit, its request id) are read here, for the policies, and the other
 * kinds of exchange are refused so that no operation can pass beside the policies.
 *
 * <p>This decorator is deliberately not a {@code ReactorHttpExchangeAdapter}: the proxy then makes
 * its blocking calls through it (see {@code IntercomGatewayConfiguration.intercomApi}).
 */
public final class IntercomCallsAdapter extends HttpExchangeAdapterDecorator {

    private final IntercomCalls calls;

    public IntercomCallsAdapter(HttpExchangeAdapter delegate, IntercomCalls calls) {
        super(delegate);
        this.calls = calls;
    }

    @Override
    public <T> T exchangeForBody(HttpRequestValues values, ParameterizedTypeReference<T> bodyType) {
        IntercomCall call = IntercomCall.forCurrentCaller(values.getHttpMethod(), pathTemplate(values));
        return calls.perform(call, () -> getHttpExchangeAdapter().exchangeForEntity(values, bodyType)).body();
    }

    /** The URI template without its query ({@code display_as=plaintext}, the {@code @RequestParam} placeholders). */
    static String pathTemplate(HttpRequestValues values) {
        String template = values.getUriTemplate() != null ? values.getUriTemplate() : values.getUri().getPath();
        int query = template.indexOf('?');
        return query < 0 ? template : template.substring(0, query);
    }

    @Override
    public void exchange(HttpRequestValues values) {
        throw bodiless(values);
    }

    @Override
    public HttpHeaders exchangeForHeaders(HttpRequestValues values) {
        throw bodiless(values);
    }

    @Override
    public ResponseEntity<Void> exchangeForBodilessEntity(HttpRequestValues values) {
        throw bodiless(values);
    }

    @Override
    public <T> ResponseEntity<T> exchangeForEntity(HttpRequestValues values, ParameterizedTypeReference<T> bodyType) {
        throw bodiless(values);
    }

    private static UnsupportedOperationException bodiless(HttpRequestValues values) {
        return new UnsupportedOperationException("IntercomApi operations return their answer's body; " + values.getHttpMethod() + " "
                + pathTemplate(values) + " is declared otherwise and would pass beside the policies");
    }
}
