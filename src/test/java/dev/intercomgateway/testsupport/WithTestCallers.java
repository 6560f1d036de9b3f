package dev.intercomgateway.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextCustomizerFactories;

/**
 * The callers of {@link TestCallers} configured in a test's context, for a slice test
 * ({@code @WebMvcTest}) that shows authentication and scopes; a {@link GatewayTest} has them already.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(GatewayTestProperties.class)
public @interface WithTestCallers {
}
