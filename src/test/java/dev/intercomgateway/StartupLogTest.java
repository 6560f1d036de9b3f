package dev.intercomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A first run on the sandbox logs no warning a newcomer has to learn to ignore: the application is started here, as
 * {@code ./mvnw spring-boot:run} starts it (the build grants Netty native access to the test JVM as to the run goal),
 * and every WARN, ERROR or JVM {@code WARNING:} line of its startup must be one of the deliberate announcements below.
 *
 * <p>The test JVM is not a fresh one: other tests' applications may still run (their threads log too) and have left
 * meters in Micrometer's global registry. So only the starting thread's lines count, and the global registry is
 * emptied for the start as a new JVM has it, and given back afterwards.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTest {

    private static final Pattern WARNING = Pattern.compile("^WARNING: |\\s(WARN|ERROR)\\s");

    /** A line the JVM printed itself, or one logged by the thread that starts the application. */
    private static final Pattern OF_THIS_START = Pattern.compile("^WARNING: |\\[\\s*main\\]");

    /** Told on purpose, and described in the README: the gateway runs on its sandbox, open to every caller. */
    private static final List<String> ANNOUNCEMENTS = List.of("SANDBOX MODE: ", "OPEN ACCESS: ");

    @Test
    void startsOnTheSandboxWithoutWarnings(CapturedOutput output) {
        List<MeterRegistry> others = List.copyOf(Metrics.globalRegistry.getRegistries());
        others.forEach(Metrics.globalRegistry::remove);
        Metrics.globalRegistry.clear();
        try (ConfigurableApplicationContext context = SpringApplication.run(IntercomGatewayApplication.class,
                "--server.port=0", "--management.server.port=0")) {
            assertThat(context.isRunning()).isTrue();
            assertThat(context.getBeansOfType(SpanExporter.class)).as("no trace exporter unless an OTLP endpoint is configured").isEmpty();
        } finally {
            others.forEach(Metrics.globalRegistry::add);
        }

        List<String> warnings = output.getAll().lines().filter(line -> OF_THIS_START.matcher(line).find())
                .filter(line -> WARNING.matcher(line).find())
                .filter(line -> ANNOUNCEMENTS.stream().noneMatch(line::contains)).toList();
        assertThat(warnings).as("warnings at startup").isEmpty();
        assertThat(output.getAll()).as("the deliberate announcements are still told").contains("SANDBOX MODE: ");
    }

    /**
     * The JVM prints its native-access warning to its own stderr, once, at Netty's first native call, and then counts the
     * module as granted: neither the captured output nor the module tells afterwards. So this checks the grant itself.
     */
    @Test
    void theJvmGrantsNativeAccess() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .as("the test JVM's argLine, as spring-boot:run's jvmArguments and the image's JAVA_TOOL_OPTIONS")
                .contains("--enable-native-access=ALL-UNNAMED");
    }
}
