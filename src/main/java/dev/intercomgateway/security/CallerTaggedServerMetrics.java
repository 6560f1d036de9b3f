package dev.intercomgateway.security;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/** Tags {@code http.server.requests} with the calling client's configured name (a small, fixed set; {@code none} before authentication). */
public class CallerTaggedServerMetrics extends DefaultServerRequestObservationConvention {

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        Object caller = context.getCarrier() == null ? null : context.getCarrier().getAttribute(CallerRateLimits.CALLER_ATTRIBUTE);
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of("client", caller == null ? "none" : caller.toString()));
    }
}
