package dev.intercomgateway.intercom.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import io.github.resilience4j.core.IntervalFunction;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.IntercomTimeoutException;
import dev.intercomgateway.intercom.IntercomUnreachableException;

import org.springframework.http.HttpMethod;

/**
 * Which failures may be retried, and after how long. The rule that matters most: a call that may
 * have reached Intercom is repeated only when repeating it cannot duplicate anything (GET, PUT,
 * DELETE); a POST is repeated only when Intercom provably did not act on it (the connection was
 * never made, or Intercom answered 429). A 503 proves nothing: a proxy in front of Intercom may
 * answer it after Intercom has acted.
 */
public class RetryPolicy {

    /** Resilience4j's exponential backoff, doubling from base-backoff up to max-backoff, each wait spread by half either way. */
    private final IntervalFunction backoff;
    private final Clock clock;

    public RetryPolicy(IntercomProperties.Retry settings, Clock clock) {
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.baseBackoff(), 2.0, 0.5, settings.maxBackoff());
        this.clock = clock;
    }

    public boolean isRetryable(HttpMethod method, IntercomException failure) {
        boolean repeatable = method == HttpMethod.GET || method == HttpMethod.PUT || method == HttpMethod.DELETE
                || method == HttpMethod.HEAD;
        return switch (failure) {
            case IntercomApiException api -> api.status() == 429
                    || (repeatable && (api.status() == 502 || api.status() == 503 || api.status() == 504));
            case IntercomUnreachableException unreachable -> !unreachable.requestSent() || repeatable;
            case IntercomTimeoutException timeout -> !timeout.requestSent() || repeatable;
            case IntercomBadResponseException bad -> false;
            case IntercomRejectedException rejected -> false;
        };
    }

    /**
     * The wait before attempt {@code attempt + 1}: until Intercom's window resets after a 429,
     * otherwise exponential backoff with jitter.
     */
    public Duration waitBefore(int nextAttempt, IntercomException failure) {
        if (failure instanceof IntercomApiException api && api.status() == 429 && api.rateLimit() != null) {
            Duration untilReset = api.rateLimit().untilReset(clock.instant());
            if (untilReset != null) {
                return untilReset.plusMillis(ThreadLocalRandom.current().nextLong(0, 250));
            }
        }
        return Duration.ofMillis(backoff.apply(Math.max(1, nextAttempt - 1)));
    }

    public Instant now() {
        return clock.instant();
    }
}
