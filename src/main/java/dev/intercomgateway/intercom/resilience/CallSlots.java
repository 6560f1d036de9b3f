package dev.intercomgateway.intercom.resilience;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.client.HeldAnswer;
import dev.intercomgateway.intercom.client.IntercomResponse;

/**
 * What an open call holds: one of its caller's slots (at most the caller's cap at once) and a
 * bulkhead slot (all callers together). Both are held until the answer has been read; for a
 * streamed answer ({@link HeldAnswer}) that is when the caller has read it, broke off or stalled,
 * not when its headers arrived, so a slow reader counts for as long as it keeps Intercom's
 * connection, and no caller holds more than its cap of connections and bulkhead slots.
 *
 * <p>Caps alone do not isolate: a few callers at their caps fill the bulkhead. So the last
 * {@link Headroom#reserve()} free bulkhead slots are kept for light callers: a caller that already
 * has {@link Headroom#guaranteed()} calls open gets its own 429 rather than take one of them, while a
 * caller with fewer open still can.
 */
public class CallSlots {

    /** A caller's own cap, when it has one ({@code gateway.clients[i].max-concurrent-calls}); null: the default. */
    @FunctionalInterface
    public interface Caps {
        Integer capOf(String caller);
    }

    /**
     * Bulkhead slots kept for light callers.
     *
     * @param guaranteed Calls every caller may have open whatever the bulkhead's state (up to its cap).
     * @param reserve Free bulkhead slots a caller with {@code guaranteed} calls or more open may not take.
     */
    public record Headroom(int guaranteed, int reserve) {

        /** No slot kept: any caller may take the bulkhead's last slot. */
        public static final Headroom NONE = new Headroom(Integer.MAX_VALUE, 0);
    }

    private static final String JWT_PREFIX = "jwt:";

    private final Bulkhead bulkhead;
    private final Caps caps;
    private final int defaultCap;
    private final Headroom headroom;
    private final MeterRegistry meters;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public CallSlots(Bulkhead bulkhead, Caps caps, int defaultCap, MeterRegistry meters) {
        this(bulkhead, caps, defaultCap, Headroom.NONE, meters);
    }

    public CallSlots(Bulkhead bulkhead, Caps caps, int defaultCap, Headroom headroom, MeterRegistry meters) {
        this.bulkhead = bulkhead;
        this.caps = caps;
        this.defaultCap = defaultCap;
        this.headroom = headroom;
        this.meters = meters;
    }

    /** Sends {@code call} holding a slot of {@code caller} and a bulkhead slot; a refusal sends nothing. */
    <T> IntercomResponse<T> send(String caller, Supplier<IntercomResponse<T>> call) {
        Runnable release = enter(caller);
        try {
            IntercomResponse<T> response = call.get();
            if (response.body() instanceof HeldAnswer held) {
                held.releaseWhenDone(release);
            } else {
                release.run();
            }
            return response;
        } catch (RuntimeException failure) {
            release.run();
            if (failure instanceof IntercomRejectedException rejected) {
                refused(rejected.reason(), caller);
            }
            throw failure;
        }
    }

    /** Calls {@code caller} has open now. */
    public int openCalls(String caller) {
        return open.getOrDefault(caller, 0);
    }

    private Runnable enter(String caller) {
        int cap = capOf(caller);
        int before = take(caller, cap);
        if (before < 0) {
            throw capped(caller, "This caller already has " + cap + " calls to Intercom open, its cap");
        }
        boolean heavy = headroom.reserve() > 0 && before >= headroom.guaranteed();
        if (heavy && bulkhead.getMetrics().getAvailableConcurrentCalls() <= headroom.reserve()) {
            giveBack(caller);
            throw capped(caller, headroomRefusal(before));
        }
        try {
            bulkhead.acquirePermission();
        } catch (BulkheadFullException full) {
            giveBack(caller);
            refused(IntercomRejectedException.Reason.TOO_MANY_CONCURRENT_CALLS, caller);
            throw new IntercomRejectedException(IntercomRejectedException.Reason.TOO_MANY_CONCURRENT_CALLS,
                    "Too many calls to Intercom in flight", Duration.ofSeconds(1), full);
        }
        // checked again once the slot is held: heavy callers entering together back off rather than eat into the reserve
        if (heavy && bulkhead.getMetrics().getAvailableConcurrentCalls() < headroom.reserve()) {
            bulkhead.onComplete();
            giveBack(caller);
            throw capped(caller, headroomRefusal(before));
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                bulkhead.onComplete();
                giveBack(caller);
            }
        };
    }

    private int capOf(String caller) {
        Integer own = caps.capOf(caller);
        return own != null ? own : defaultCap;
    }

    private IntercomRejectedException capped(String caller, String message) {
        refused(IntercomRejectedException.Reason.CALLER_CONCURRENCY_CAP, caller);
        return new IntercomRejectedException(IntercomRejectedException.Reason.CALLER_CONCURRENCY_CAP, message, Duration.ofSeconds(1), null);
    }

    private String headroomRefusal(int openCalls) {
        return "This caller already has " + openCalls + " calls to Intercom open, and the last " + headroom.reserve()
                + " free slots are kept for callers with fewer than " + headroom.guaranteed() + " open";
    }

    /** Takes one of the caller's slots; the calls it had open before, or -1 when it is at its cap. */
    private int take(String caller, int cap) {
        int[] before = {-1};
        open.compute(caller, (name, count) -> {
            int now = count == null ? 0 : count;
            if (now >= cap) {
                return count;
            }
            before[0] = now;
            return now + 1;
        });
        if (before[0] >= 0) {
            String tag = metricTag(caller);
            // once per tag: a gauge registered again is ignored by Micrometer with a warning
            if (gauged.add(tag)) {
                Gauge.builder("intercom.caller.calls.open", this, slots -> slots.openForTag(tag))
                        .description("Calls to Intercom a caller has open, streamed answers until read; capped per caller").tag("client", tag)
                        .register(meters);
            }
        }
        return before[0];
    }

    private void giveBack(String caller) {
        open.computeIfPresent(caller, (name, count) -> count <= 1 ? null : count - 1);
    }

    private double openForTag(String tag) {
        return open.entrySet().stream().filter(entry -> metricTag(entry.getKey()).equals(tag)).mapToInt(Map.Entry::getValue).sum();
    }

    private void refused(IntercomRejectedException.Reason reason, String caller) {
        if (reason == IntercomRejectedException.Reason.BUDGET_EXHAUSTED || reason == IntercomRejectedException.Reason.CIRCUIT_OPEN) {
            return;
        }
        Counter.builder("intercom.calls.refused")
                .description("Calls refused by the gateway's own saturation: caller cap, bulkhead, no free pooled connection")
                .tag("reason", reason.name().toLowerCase(Locale.ROOT)).tag("client", metricTag(caller))
                .register(meters).increment();
    }

    /** Bounded tag values: a configured caller's name, or {@code jwt} for every token's subject. */
    private static String metricTag(String caller) {
        return caller.startsWith(JWT_PREFIX) ? "jwt" : caller;
    }
}
