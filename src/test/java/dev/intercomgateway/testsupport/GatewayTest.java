package dev.intercomgateway.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * The whole gateway on a random port, as the end-to-end tests run it: the actuator on a port of
 * its own (random too), the callers of {@link TestCallers} configured, and, when the test class
 * has a static {@link IntercomStandIn} field (registered with {@code @RegisterExtension}),
 * {@code intercom.base-url} pointed at that stand-in with a test access token. Without a stand-in
 * the gateway runs on its built-in sandbox, as it does when no Intercom is configured.
 *
 * <p>{@link #properties()} take precedence over these defaults (a test's own access token, say);
 * {@code @DynamicPropertySource} methods over both. Each test class gets a context of its own,
 * as its stand-in listens on a port of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextCustomizerFactories(GatewayTestProperties.class)
public @interface GatewayTest {

    /** More properties, {@code name=value}, as {@link SpringBootTest#properties()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /**
     * Whether the callers of {@link TestCallers} are configured. {@code false} for a test that
     * configures {@code gateway.clients} itself: it registers them, with {@link
     * TestCallers#register} where it wants them too, in one {@code @DynamicPropertySource}.
     */
    boolean testCallers() default true;
}
