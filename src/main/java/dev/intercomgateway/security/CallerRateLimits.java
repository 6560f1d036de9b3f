package dev.intercomgateway.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.budget.CallerLimits;
import dev.intercomgateway.intercom.budget.IntercomCaller;
import dev.intercomgateway.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Each caller's own share of the rate budget ({@code gateway.clients[i].rate-limit} Intercom calls
 * per window for an API-key caller, {@code gateway.jwt-rate-limits[subject]} for a JWT caller), so
 * that one batch job cannot spend the budget interactive apps need. It counts Intercom calls, not
 * HTTP requests: every call sent to Intercom for the caller takes one (a retry is a call, each page
 * of an export is a call), and a call not sent after all gives it back.
 *
 * <p>A request arriving when the caller's share is spent gets 429 with Retry-After at once, and
 * nothing is sent to Intercom. A call made later in a request that has started (the next page of an
 * export, a retry) waits for the share to refill, up to {@code intercom.rate-limit.max-wait}, so that
 * an export goes at the caller's pace; past it the call is refused (429, reason
 * {@code caller_rate_limited}, nothing sent).
 */
public class CallerRateLimits implements HandlerInterceptor, CallerLimits {

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
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // a streamed answer (the export) comes back here when its body has been written: it was
            // admitted at its first dispatch and its calls were counted one by one; a refusal now
            // would append a problem after the complete answer
            return true;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (!CallerIdentity.ANONYMOUS.equals(CallerIdentity.of(caller))) {
            request.setAttribute(CALLER_ATTRIBUTE, CallerIdentity.metricTag(caller));
        }
        String name = CallerIdentity.of(caller);
        Bucket bucket = caller == null ? null : buckets.get(name);
        long nanosToWait = bucket == null ? 0 : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        if (nanosToWait == 0) {
            // the budget's fair share, this caller's own limit and its call slots count this request's Intercom calls
            request.setAttribute(IntercomCaller.ATTRIBUTE, name);
            return true;
        }
        throttled(name);
        long seconds = Math.max(1, Math.ceilDiv(nanosToWait, 1_000_000_000L));
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemWriter.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                "This caller has used its share of the Intercom rate budget; nothing was sent to Intercom");
        return false;
    }

    @Override
    public Charge take(String caller, Duration maxWait) throws InterruptedException {
        Bucket bucket = buckets.get(caller);
        if (bucket == null) {
            return Charge.NOTHING;
        }
        boolean taken = maxWait.isPositive() ? bucket.asBlocking().tryConsume(1, maxWait) : bucket.tryConsume(1);
        if (taken) {
            return () -> bucket.addTokens(1);
        }
        throttled(caller);
        long nanosToWait = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        throw new IntercomRejectedException(IntercomRejectedException.Reason.CALLER_RATE_LIMITED,
                "This caller has used its share of the Intercom rate budget",
                Duration.ofSeconds(Math.max(1, Math.ceilDiv(nanosToWait, 1_000_000_000L))), null);
    }

    private void throttled(String caller) {
        Counter.builder("gateway.caller.throttled").description("Requests and calls refused because the caller spent its own share of the budget")
                .tag("client", caller).register(meters).increment();
    }
}
