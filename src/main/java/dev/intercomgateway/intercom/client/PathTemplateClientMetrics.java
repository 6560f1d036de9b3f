package dev.intercomgateway.intercom.client;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;

/**
 * Tags {@code http.client.requests} (the calls to Intercom) with the path template alone: {@code /conversations}, not
 * {@code /conversations?per_page={queryParam-per_page}&starting_after={queryParam-starting_after}} as the HTTP interface
 * proxy writes the template of an operation with query parameters, nor {@code /conversations/{conversation_id}?display_as=plaintext}.
 * One {@code uri} value per Intercom path, whatever query an operation sends. Spring Boot applies this convention to the
 * auto-configured {@code WebClient.Builder} in place of the default one.
 *
 * <p>The span of a call also carries {@code intercom_request_id}, Intercom's {@code X-Request-Id} answer header: a
 * high-cardinality value, so on the span only, never a metric tag. Its {@code http.url} is Intercom's origin and the
 * same path template ({@code https://api.intercom.io/contacts/{contact_id}}), not the URL sent: ids and query values
 * are personal data the logs only show hashed, and traces leave the service.
 */
@Component
public class PathTemplateClientMetrics extends DefaultClientRequestObservationConvention {

    @Override
    public KeyValues getHighCardinalityKeyValues(ClientRequestObservationContext context) {
        KeyValues values = super.getHighCardinalityKeyValues(context);
        String requestId = context.getResponse() == null ? null : context.getResponse().headers().asHttpHeaders().getFirst("X-Request-Id");
        return requestId == null ? values : values.and("intercom_request_id", requestId);
    }

    @Override
    protected KeyValue httpUrl(ClientRequestObservationContext context) {
        KeyValue url = super.httpUrl(context);
        if (context.getRequest() == null) {
            return url;
        }
        java.net.URI sent = context.getRequest().url();
        String template = uri(context).getValue();
        String origin = sent.getScheme() + "://" + sent.getRawAuthority();
        return KeyValue.of(url.getKey(), template.startsWith("/") ? origin + template : origin);
    }

    @Override
    protected KeyValue uri(ClientRequestObservationContext context) {
        KeyValue uri = super.uri(context);
        int query = uri.getValue().indexOf('?');
        if (query < 0) {
            return uri;
        }
        return KeyValue.of(uri.getKey(), query == 0 ? "/" : uri.getValue().substring(0, query));
    }
}
