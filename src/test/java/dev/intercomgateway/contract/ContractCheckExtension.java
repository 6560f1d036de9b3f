package dev.intercomgateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test (auto-detected, see {@code junit-platform.properties}): a test fails
 * when any exchange checked during it broke Intercom's description.
 */
public class ContractCheckExtension implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        // loaded here, not inside the first checked exchange, where it would count against timeouts
        IntercomContract.load();
        ContractViolations.drain();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        boolean answersExcused = context.getTestMethod().map(m -> m.isAnnotationPresent(OffContractAnswers.class)).orElse(false)
                || context.getTestClass().map(c -> c.isAnnotationPresent(OffContractAnswers.class)).orElse(false);
        List<String> failing = ContractViolations.drain().stream()
                .filter(v -> !(answersExcused && v.side() == ContractViolations.Side.RESPONSE))
                .map(ContractViolations.Violation::text)
                .distinct()
                .toList();
        assertThat(failing).as("exchanges with Intercom that its OpenAPI description (2.16) refuses").isEmpty();
    }
}
