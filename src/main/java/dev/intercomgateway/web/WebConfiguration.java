package dev.intercomgateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.module.SimpleModule;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class WebConfiguration {

    /** First of all filters, so that even a request refused by security carries its id. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(GatewayProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties.maxRequestBodySize().toBytes()));
        registration.addUrlPatterns("/api/*", ErrorListWriter.PASSTHROUGH_PREFIX + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * {@code ETag} on the internal API's successful reads, and {@code If-None-Match} answered 304 when
     * the answer is unchanged. Streamed answers (the event stream, the user export) are never held to
     * hash. Answers keep {@code Cache-Control: no-store} (no browser or proxy keeps personal data); an
     * app that keeps an answer itself on purpose revalidates it with its ETag. {@code If-None-Match: *}
     * on a GET or HEAD matches any current answer (RFC 9110 section 13.1.2): 304 for an object that exists.
     */
    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> etagFilter() {
        var registration = new FilterRegistrationBean<ShallowEtagHeaderFilter>(new ShallowEtagHeaderFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // the audit line of a read answered 304 here says 304: it is written once the filter has decided
                FinalStatus.awaited(request);
                try {
                    HttpServletResponse reporting = FinalStatus.reportingBeforeTheAnswer(request, response);
                    super.doFilterInternal(AnyCurrentETag.asked(request) ? new AnyCurrentETag(request, reporting) : request, reporting, chain);
                } finally {
                    FinalStatus.report(request, response.getStatus());
                }
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                return path.startsWith("/api/v1/events") || path.startsWith("/api/v1/users/export");
            }

            @Override
            protected boolean isEligibleForEtag(HttpServletRequest request, HttpServletResponse response, int status, InputStream body) {
                return status >= 200 && status < 300 && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
            }
        });
        registration.addUrlPatterns("/api/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    /**
     * A GET or HEAD asking {@code If-None-Match: *}: Spring's check matches {@code *} only for unsafe
     * methods, so the condition is handed to it as the answer's own ETag once the answer has one.
     */
    static final class AnyCurrentETag extends HttpServletRequestWrapper {

        private final HttpServletResponse response;

        AnyCurrentETag(HttpServletRequest request, HttpServletResponse response) {
            super(request);
            this.response = response;
        }

        static boolean asked(HttpServletRequest request) {
            String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
            return ifNoneMatch != null && ifNoneMatch.trim().equals("*")
                    && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
        }

        private String condition() {
            String etag = response.getHeader(HttpHeaders.ETAG);
            return etag == null ? "*" : etag;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.IF_NONE_MATCH.equalsIgnoreCase(name) ? condition() : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return HttpHeaders.IF_NONE_MATCH.equalsIgnoreCase(name)
                    ? java.util.Collections.enumeration(java.util.List.of(condition())) : super.getHeaders(name);
        }
    }

    /**
     * Tomcat answers an encoded slash ({@code %2F}) in a path with a bare HTML 400 by default. Passed
     * through, it reaches the router inside one path segment, where id validation rejects it with a
     * problem body like any other malformed id.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashPassThrough() {
        return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }

    /**
     * Tomcat's own refusals (before Spring sees a request) in the surface's JSON, never its HTML page:
     * {@link JsonErrorReportValve} replaces the ErrorReportValve Spring Boot puts on the host, and is
     * the host's error report class, so Tomcat adds no other. Ordered last, so it runs after Spring
     * Boot's customizer has added its valve.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return new JsonErrorReports();
    }

    static final class JsonErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                replaceErrorReport((Host) context.getParent());
                // again once every customizer has run, should one add its valve after this one
                context.addLifecycleListener(event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        replaceErrorReport((Host) context.getParent());
                    }
                });
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        private static void replaceErrorReport(Host host) {
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
            boolean present = false;
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof JsonErrorReportValve) {
                    present = true;
                } else if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (!present) {
                host.getPipeline().addValve(new JsonErrorReportValve());
            }
        }
    }

    /** A repeated single-valued query parameter is a 400 on every handler of the API (see {@link SingleValuedParameters}). */
    @Bean
    WebMvcConfigurer singleValuedParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new SingleValuedParameters()).addPathPatterns("/api/**");
            }
        };
    }

    /**
     * A body's scalar of the wrong JSON type is refused, not converted: a string field takes only a
     * JSON string ({@code "name":123}, {@code "external_id":true}, {@code "admin_id":990001} are a
     * 400 "must be a string"), and a number or boolean field takes no string ({@code "limit":"5"}).
     * Values of an untyped map (custom attributes) keep any scalar.
     */
    @Bean
    JsonMapperBuilderCustomizer strictScalarTypes() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    /** Every time value of a request body is read by the API's one rule ({@link TimeValues}). */
    @Bean
    JacksonModule timeValuesInBodies() {
        return new SimpleModule("time-values").addDeserializer(Instant.class, new TimeValueDeserializer());
    }

    /** ...and of a query string or a path, by the same rule. */
    @Bean
    TimeValueConverter timeValuesInParameters() {
        return new TimeValueConverter();
    }

    @Bean
    CodePointsInOpenApi codePointsInOpenApi() {
        return new CodePointsInOpenApi();
    }

    @Bean
    ComposedConstraintsInOpenApi composedConstraintsInOpenApi() {
        return new ComposedConstraintsInOpenApi();
    }

    /** The API docs' schemas use the same snake_case names as the JSON the API reads and writes. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenAPI gatewayOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("intercom-gateway")
                        .version("v1")
                        .description("Internal REST API for Intercom users (contacts with role user), conversations and admins. "
                                + "The service holds the Intercom token; callers never do. Errors are RFC 9457 problem details; "
                                + "failures from Intercom carry intercom_request_id and intercom_error_code."))
                .addServersItem(new Server().url("/").description("This service"))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("An API key issued to the calling app, or a JWT when the service is configured "
                                + "with an identity provider. Each operation names the scope it needs.")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
