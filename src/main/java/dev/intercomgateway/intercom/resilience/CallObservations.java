package dev.intercomgateway.intercom.resilience;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.intercomgateway.intercom.IntercomApiException;
import dev.intercomgateway.intercom.IntercomException;
import dev.intercomgateway.intercom.budget.IntercomBudget;
import dev.intercomgateway.intercom.client.IntercomResponse;

/**
 * The observations of the policies, seen as spans of the incoming request's trace (and as timers): one per attempt at an
 * Intercom call ({@value #ATTEMPT}, named after the operation, e.g. {@code GET /contacts/{contact_id}}), and inside it
 * the wait for a budget permit ({@value #BUDGET_WAIT}) and the WebClient's own {@code http.client.requests} span.
 * Low-cardinality tags (timers and spans): {@code operation}, {@code status} (Intercom's HTTP status, {@code none} when
 * no answer came). High-cardinality (spans only): {@code retry} (0 for the first attempt) and {@code intercom_request_id}
 * (Intercom's {@code X-Request-Id} answer header, when it gave one).
 */
final class CallObservations {

    static final String ATTEMPT = "intercom.attempt";
    static final String BUDGET_WAIT = "intercom.budget.permit";
    static final String NO_STATUS = "none";

    private final ObservationRegistry registry;

    CallObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** Runs one attempt ({@code number} from 1) inside its observation. */
    <T> IntercomResponse<T> attempt(String operation, int number, Supplier<IntercomResponse<T>> attempt) {
        Observation observation = Observation.createNotStarted(ATTEMPT, registry)
                .contextualName(operation)
                .lowCardinalityKeyValue("operation", operation)
                .highCardinalityKeyValue("retry", String.valueOf(number - 1))
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            IntercomResponse<T> response = attempt.get();
            answered(observation, String.valueOf(response.status()), response.requestId());
            return response;
        } catch (IntercomException failure) {
            answered(observation, failure instanceof IntercomApiException api ? String.valueOf(api.status()) : NO_STATUS,
                    failure.requestId());
            observation.error(failure);
            throw failure;
        } catch (RuntimeException failure) {
            answered(observation, NO_STATUS, null);
            observation.error(failure);
            throw failure;
        } finally {
            observation.stop();
        }
    }

    /** Waits for a budget permit for {@code caller} inside its observation (a refusal is recorded as its error). */
    IntercomBudget.Permit budgetWait(IntercomBudget budget, String caller) {
        return Observation.createNotStarted(BUDGET_WAIT, registry).contextualName("intercom budget wait")
                .observe(() -> budget.acquire(caller));
    }

    private static void answered(Observation observation, String status, String requestId) {
        observation.lowCardinalityKeyValue("status", status);
        if (requestId != null) {
            observation.highCardinalityKeyValue("intercom_request_id", requestId);
        }
    }
}
