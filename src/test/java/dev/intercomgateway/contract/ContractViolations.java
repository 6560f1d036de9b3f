package dev.intercomgateway.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Violations of Intercom's description seen since the current test began; {@link ContractCheckExtension}
 * fails the test when there are any. Exchanges are checked on the threads that perform them, so the
 * record is shared and synchronized.
 */
public final class ContractViolations {

    public enum Side { REQUEST, RESPONSE }

    public record Violation(Side side, String text) {
    }

    private static final List<Violation> seen = new ArrayList<>();

    private ContractViolations() {
    }

    /** Checks one exchange against the description and records what is wrong with it. */
    public static void check(IntercomContract.Exchange exchange) {
        List<String> found;
        try {
            found = IntercomContract.violations(exchange);
        } catch (RuntimeException e) {
            found = List.of(exchange.method() + " " + exchange.path() + ": the check itself failed: " + e);
        }
        synchronized (seen) {
            for (String text : found) {
                seen.add(new Violation(text.contains(" request: ") ? Side.REQUEST : Side.RESPONSE, text));
            }
        }
    }

    /** For tests that send deliberately bad requests to a stand-in: only its answers are judged. */
    public static void checkAnswer(IntercomContract.Exchange exchange) {
        check(exchange);
        synchronized (seen) {
            seen.removeIf(violation -> violation.side() == Side.REQUEST);
        }
    }

    public static List<Violation> drain() {
        synchronized (seen) {
            List<Violation> all = List.copyOf(seen);
            seen.clear();
            return all;
        }
    }

    public static List<Violation> snapshot() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }
}
