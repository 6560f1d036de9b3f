package dev.intercomgateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.intercomgateway.IntercomGatewayApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A secret property that fails its check at startup is named, with the rule it breaks, and its value
 * is never written: not in the failure report, the log, nor the exception that ends the start.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsOutOfStartupFailuresTest {

    static List<Arguments> invalidSecrets() {
        return List.of(
                Arguments.of("three client secrets", List.of("--intercom.client-secret=s3cr3t-aaa1,s3cr3t-bbb2,s3cr3t-ccc3"),
                        List.of("s3cr3t-aaa1", "s3cr3t-bbb2", "s3cr3t-ccc3"), List.of("intercom.client-secret", "at most 2")),
                Arguments.of("a blank client secret", List.of("--intercom.client-secret[0]=s3cr3t-aaa1", "--intercom.client-secret[1]= "),
                        List.of("s3cr3t-aaa1"), List.of("intercom.client-secret[1]", "blank")),
                Arguments.of("an API key where its hash belongs", List.of("--gateway.clients[0].name=app",
                                "--gateway.clients[0].key-sha256[0]=raw-api-key-s3cr3t", "--gateway.clients[0].scopes[0]=users:read"),
                        List.of("raw-api-key-s3cr3t"), List.of("gateway.clients[0].key-sha256[0]", "hex SHA-256")),
                Arguments.of("an access token with an invalid base URL", List.of("--intercom.access-token=tok-s3cr3t-value",
                                "--intercom.base-url=http://intercom.example.com", "--spring.data.redis.password=redis-s3cr3t-value",
                                "--gateway.clients[0].name=app", "--gateway.clients[0].key-sha256[0]=" + "ab".repeat(32),
                                "--gateway.clients[0].scopes[0]=users:read"),
                        List.of("tok-s3cr3t-value", "redis-s3cr3t-value"), List.of("intercom.base-url")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSecrets")
    void anInvalidSecretIsNamedNeverShown(String name, List<String> settings, List<String> secrets, List<String> told, CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
        args.addAll(settings);

        Throwable failure = catchThrowable(() -> SpringApplication.run(IntercomGatewayApplication.class, args.toArray(String[]::new)).close());

        assertThat(failure).as("the start fails").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause).append('\n');
        }
        for (String secret : secrets) {
            assertThat(output.getAll()).as("the output").doesNotContain(secret);
            assertThat(messages).as("the exception").doesNotContain(secret);
        }
        assertThat(output.getAll() + messages).contains(told);
    }
}
