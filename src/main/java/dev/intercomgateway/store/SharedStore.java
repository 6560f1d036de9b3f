package dev.intercomgateway.store;

/**
 * Where the state the replicas share lives: the rate budget, the Idempotency-Keys and the event log
 * all follow this one choice. It is set as {@code intercom.rate-limit.store}
 * ({@code INTERCOM_RATELIMIT_STORE} in compose and the chart), the name it had when the budget was
 * the only shared state.
 */
public enum SharedStore {

    /** This replica's memory: fine for one replica, lost on restart. */
    LOCAL,
    /** The Redis given by {@code spring.data.redis.*}, seen by every replica. */
    REDIS;

    /** The property that sets the choice. */
    public static final String PROPERTY = "intercom.rate-limit.store";
}
