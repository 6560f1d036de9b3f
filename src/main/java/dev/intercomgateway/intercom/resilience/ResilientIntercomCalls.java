package dev.intercomgateway.intercom.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.observation.ObservationRegistry;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomBadResponseException;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.IntercomTimeoutException;
import dev.intercomgateway.intercom.IntercomUnreachableException;
import dev.intercomgateway.intercom.budget.IntercomBudget;
import dev.intercomgateway.intercom.client.IntercomCall;
import dev.intercomgateway.intercom.client.IntercomCalls;
import dev.intercomgateway.intercom.client.IntercomResponse;

import org.springframework.http.ResponseEntity;

/**
 * The policies around the HTTP transport, in one place. The attempt loop is {@link #perform} with
 * {@link #attempt} (one attempt: one new exchange). Per attempt, from the outside in: the
 * retry decides whether and when to try again; the circuit breaker refuses at once while Intercom
 * is failing; the rate budget hands out a permit (the caller's own limit, room and permit, by fair
 * share); the call slots (the caller's cap, then the bulkhead) cap concurrent calls. Only then is
 * the call sent. Budget is spent only on calls that go out: an attempt the call slots refuse, or
 * that never reached Intercom (refused locally, no connection made), gives its permit back.
 */
public class ResilientIntercomCalls implements IntercomCalls {

    private final IntercomCalls delegate;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final CallSlots slots;
    private final IntercomBudget budget;
    private final RetryPolicy policy;
    private final Duration maxTotalTime;
    private final CallObservations observations;

    public ResilientIntercomCalls(IntercomCalls delegate, Retry retry, CircuitBreaker circuitBreaker, CallSlots slots,
            IntercomBudget budget, RetryPolicy policy, Duration maxTotalTime) {
        this(delegate, retry, circuitBreaker, slots, budget, policy, maxTotalTime, ObservationRegistry.NOOP);
    }

    /** As above, with each attempt and its budget wait observed in {@code observations} (see {@link CallObservations}). */
    public ResilientIntercomCalls(IntercomCalls delegate, Retry retry, CircuitBreaker circuitBreaker, CallSlots slots,
            IntercomBudget budget, RetryPolicy policy, Duration maxTotalTime, ObservationRegistry observations) {
        this.observations = new CallObservations(observations);
        this.delegate = delegate;
        this.retry = retry;
        this.circuitBreaker = circuitBreaker;
        this.slots = slots;
        this.budget = budget;
        this.policy = policy;
        this.maxTotalTime = maxTotalTime;
    }

    /** The retry settings this transport needs; the attempt count and events stay Resilience4j's. */
    public static RetryConfig.Builder<Object> configure(RetryConfig.Builder<Object> builder) {
        return builder
                .retryOnException(failure -> failure instanceof RetryableFailure)
                .intervalBiFunction(waitChosenByTheAttempt())
                .failAfterMaxAttempts(false);
    }

    private static IntervalBiFunction<Object> waitChosenByTheAttempt() {
        return (attempt, outcome) -> outcome.isLeft() && outcome.getLeft() instanceof RetryableFailure retryable
                ? retryable.wait.toMillis()
                : 0L;
    }

    /** Exceptions the circuit breaker counts: Intercom failing, not Intercom refusing bad input. */
    public static boolean isUpstreamFailure(Throwable thrown) {
        Throwable failure = thrown instanceof RetryableFailure retryable ? retryable.failure : thrown;
        return switch (failure) {
            case IntercomApiException api -> api.status() >= 500;
            case IntercomTimeoutException timeout -> true;
            case IntercomUnreachableException unreachable -> true;
            case IntercomBadResponseException bad -> true;
            default -> false;
        };
    }

    @Override
    public <T> IntercomResponse<T> perform(IntercomCall call, Supplier<ResponseEntity<T>> exchange) {
        Instant deadline = policy.now().plus(maxTotalTime);
        AtomicInteger attempts = new AtomicInteger();
        Supplier<IntercomResponse<T>> attempt = () -> attempt(call, exchange, attempts.incrementAndGet(), deadline);
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, attempt)).get();
        } catch (RetryableFailure exhausted) {
            throw exhausted.failure;
        } catch (CallNotPermittedException open) {
            throw new IntercomRejectedException(IntercomRejectedException.Reason.CIRCUIT_OPEN,
                    "Intercom has been failing; calls are paused by the circuit breaker", openStateWait(), open);
        }
    }

    private Duration openStateWait() {
        Long millis = circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        return Duration.ofMillis(millis == null ? 1000 : Math.max(1000, millis));
    }

    /** One attempt: a budget permit, then call slots, then one new exchange; a failure the policy allows to retry says when. */
    private <T> IntercomResponse<T> attempt(IntercomCall call, Supplier<ResponseEntity<T>> exchange, int number, Instant deadline) {
        try {
            return observations.attempt(call.operation(), number, () -> {
                try (IntercomBudget.Permit permit = observations.budgetWait(budget, call.caller())) {
                    return sendCounted(call, exchange, permit);
                }
            });
        } catch (IntercomException failure) {
            if (!policy.isRetryable(call.method(), failure)) {
                throw failure;
            }
            Duration wait = policy.waitBefore(number + 1, failure);
            if (policy.now().plus(wait).isAfter(deadline)) {
                throw failure;
            }
            throw new RetryableFailure(failure, wait);
        }
    }

    /**
     * Sends a call that holds a budget permit; what Intercom reports is read before the permit is
     * released, and a call that provably never reached Intercom gives its permit back.
     */
    private <T> IntercomResponse<T> sendCounted(IntercomCall call, Supplier<ResponseEntity<T>> exchange, IntercomBudget.Permit permit) {
        try {
            IntercomResponse<T> response = slots.send(call.caller(), () -> delegate.perform(call, exchange));
            budget.observe(response.rateLimit());
            return response;
        } catch (IntercomApiException api) {
            if (api.status() == 429) {
                budget.throttledByIntercom(api.rateLimit());
            } else {
                budget.observe(api.rateLimit());
            }
            throw api;
        } catch (IntercomException failure) {
            if (neverSent(failure)) {
                permit.notSent();
            }
            throw failure;
        }
    }

    /** Refused by the gateway itself, or no connection was ever made: Intercom did not see the call. */
    static boolean neverSent(IntercomException failure) {
        return switch (failure) {
            case IntercomRejectedException rejected -> true;
            case IntercomUnreachableException unreachable -> !unreachable.requestSent();
            case IntercomTimeoutException timeout -> !timeout.requestSent();
            default -> false;
        };
    }

    /** Carries a failure the policy allows to retry, with the wait it chose, through Resilience4j's retry. */
    static final class RetryableFailure extends RuntimeException {

        private final IntercomException failure;
        private final Duration wait;

        RetryableFailure(IntercomException failure, Duration wait) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
            this.wait = wait;
        }
    }
}
