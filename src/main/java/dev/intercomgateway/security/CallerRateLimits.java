package dev.intercomgateway.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intercomgateway.intercom.budget.IntercomCaller;
import dev.intercomgateway.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Each caller's own share of the rate budget ({@code gateway.clients[i].rate-limit} calls per
 * window for an API-key caller, {@code gateway.jwt-rate-limits[subject]} for a JWT caller), so that
 * one batch job cannot spend the budget interactive apps need. A caller over its
 * share gets 429 with Retry-After at once; nothing is sent to Intercom.
 */
public class CallerRateLimits implements HandlerInterceptor {

    /** Request attribute naming the authenticated caller, for metrics recorded after security has cleared its context. */
    public static final String CALLER_ATTRIBUTE = CallerRateLimits.class.getName() + ".caller";

    private final Map<String, Bucket> buckets;
    private final MeterRegistry meters;

    public CallerRateLimits(GatewayClients clients, Duration window, MeterRegistry meters) {
        this.meters = meters;
        Map<String, Bucket> shares = new HashMap<>();
        clients.clients().stream().filter(client -> client.rateLimit() != null)
                .forEach(client -> shares.put(client.name(), share(client.rateLimit(), window)));
        // keyed as CallerIdentity names a JWT caller, so a subject can never take an API-key caller's share
        clients.jwtRateLimits().forEach((subject, limit) -> shares.put("jwt:" + subject, share(limit, window)));
        this.buckets = Map.copyOf(shares);
    }

    private static Bucket share(int callsPerWindow, Duration window) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(callsPerWindow).refillGreedy(callsPerWindow, window).build()).build();
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        IntercomCaller.clear();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (!CallerIdentity.ANONYMOUS.equals(CallerIdentity.of(caller))) {
            request.setAttribute(CALLER_ATTRIBUTE, CallerIdentity.metricTag(caller));
        }
        Bucket bucket = caller == null ? null : buckets.get(CallerIdentity.of(caller));
        ConsumptionProbe probe = bucket == null ? null : bucket.tryConsumeAndReturnRemaining(1);
        if (probe == null || probe.isConsumed()) {
            // the budget's fair share counts this caller's Intercom calls
            IntercomCaller.set(CallerIdentity.of(caller));
            return true;
        }
        Counter.builder("gateway.caller.throttled").description("Requests refused because the caller spent its own share of the budget")
                .tag("client", CallerIdentity.metricTag(caller)).register(meters).increment();
        long seconds = Math.max(1, Math.ceilDiv(probe.getNanosToWaitForRefill(), 1_000_000_000L));
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemWriter.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                "This caller has used its share of the Intercom rate budget; nothing was sent to Intercom");
        return false;
    }
}
