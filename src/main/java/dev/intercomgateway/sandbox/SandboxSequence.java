package dev.intercomgateway.sandbox;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one sequence that numbers the sandbox's contacts, admins, conversations and parts in the order
 * they are made (the README's ids depend on it), and the clock that dates them.
 */
final class SandboxSequence {

    private final AtomicLong sequence = new AtomicLong(1);
    private final Clock clock;

    SandboxSequence(Clock clock) {
        this.clock = clock;
    }

    long next() {
        return sequence.getAndIncrement();
    }

    /** The id of a message, a part or a source. */
    String nextId() {
        return String.valueOf(sequence.getAndIncrement() + 1_000_000_000L);
    }

    /** Unix seconds. */
    long now() {
        return clock.instant().getEpochSecond();
    }
}
