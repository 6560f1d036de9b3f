package dev.intercomgateway.security;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Tags {@code http.server.requests} with the calling client's configured name (a small, fixed set; {@code none} before
 * authentication). The request's span carries as {@code http.url} the path template ({@code /api/v1/users/{id}},
 * {@code /intercom/contacts/{contact_id}}, or {@code NOT_FOUND} and the like when no handler took it), not the path
 * requested: ids in paths are personal data the logs only show hashed, and traces leave the service.
 */
public class CallerTaggedServerMetrics extends DefaultServerRequestObservationConvention {

    @Override
    protected KeyValue httpUrl(ServerRequestObservationContext context) {
        return KeyValue.of(super.httpUrl(context).getKey(), uri(context).getValue());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        Object caller = context.getCarrier() == null ? null : context.getCarrier().getAttribute(CallerRateLimits.CALLER_ATTRIBUTE);
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of("client", caller == null ? "none" : caller.toString()));
    }
}
