package dev.intercomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.regex.Pattern;

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
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTest {

    private static final Pattern WARNING = Pattern.compile("^WARNING: |\\s(WARN|ERROR)\\s");

    /** Told on purpose, and described in the README: the gateway runs on its sandbox, open to every caller. */
    private static final List<String> ANNOUNCEMENTS = List.of("SANDBOX MODE: ", "OPEN ACCESS: ");

    @Test
    void startsOnTheSandboxWithoutWarnings(CapturedOutput output) {
        try (ConfigurableApplicationContext context = SpringApplication.run(IntercomGatewayApplication.class,
                "--server.port=0", "--management.server.port=0")) {
            assertThat(context.isRunning()).isTrue();
        }

        List<String> warnings = output.getAll().lines().filter(line -> WARNING.matcher(line).find())
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
