package dev.intercomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * The built jar lets its own code make native calls (Netty's {@code System::loadLibrary}) the way
 * the JDK documents for executable JARs (JEP 472): {@code java -jar} then prints no
 * restricted-method warning without any flag.
 */
class ExecutableJarManifestIT {

    @Test
    void theExecutableJarEnablesNativeAccessForItsClassPath() throws Exception {
        try (JarFile jar = new JarFile(Path.of("target", "intercom-gateway.jar").toFile())) {
            var attributes = jar.getManifest().getMainAttributes();
            assertThat(attributes.getValue("Main-Class")).as("a Spring Boot executable jar").startsWith("org.springframework.boot.loader");
            assertThat(attributes.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
    }
}
