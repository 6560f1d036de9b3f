package dev.intercomgateway.testsupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.util.ReflectionUtils;

/** The properties a {@link GatewayTest} or a {@link WithTestCallers} test runs with; see there. */
final class GatewayTestProperties implements ContextCustomizerFactory {

    static final String PROPERTY_SOURCE_NAME = "Gateway Test Properties";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        GatewayTest gatewayTest = TestContextAnnotationUtils.findMergedAnnotation(testClass, GatewayTest.class);
        if (gatewayTest != null) {
            return new Customizer(testClass, true, gatewayTest.testCallers(), standIn(testClass));
        }
        boolean callers = TestContextAnnotationUtils.findMergedAnnotation(testClass, WithTestCallers.class) != null;
        return callers ? new Customizer(testClass, false, true, null) : null;
    }

    private static Field standIn(Class<?> testClass) {
        Field[] found = {null};
        ReflectionUtils.doWithFields(testClass, field -> {
            if (found[0] != null) {
                throw new IllegalStateException(testClass.getName() + " has more than one IntercomStandIn");
            }
            ReflectionUtils.makeAccessible(field);
            found[0] = field;
        }, field -> Modifier.isStatic(field.getModifiers()) && IntercomStandIn.class.isAssignableFrom(field.getType()));
        return found[0];
    }

    /** One per test class (its equality is the class's), so no two classes share a context. */
    private record Customizer(Class<?> testClass, boolean wholeGateway, boolean testCallers, Field standIn) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            Map<String, Object> properties = new LinkedHashMap<>();
            if (wholeGateway) {
                properties.put("management.server.port", "0");
            }
            if (testCallers) {
                properties.putAll(TestCallers.properties());
            }
            if (standIn != null) {
                // started by now: JUnit runs the extension's beforeAll before Spring loads the context for the first test
                IntercomStandIn intercom = (IntercomStandIn) ReflectionUtils.getField(standIn, null);
                properties.put("intercom.base-url", intercom.baseUrl());
                properties.put("intercom.access-token", IntercomStandIn.ACCESS_TOKEN);
            }
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource defaults = new MapPropertySource(PROPERTY_SOURCE_NAME, properties);
            // beneath the test's own properties (inlined and dynamic), above the application's configuration
            if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
                sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, defaults);
            } else {
                sources.addFirst(defaults);
            }
        }
    }
}
