package dev.intercomgateway.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.SandboxMode;
import dev.intercomgateway.web.ProblemWriter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call: every {@code /api/**} request authenticates with an API key (or a JWT when an
 * issuer is configured) and needs the scope of what it does. Management endpoints other than
 * health and Prometheus need the {@code ops} scope. Only the built-in sandbox may run without
 * configured callers, and then it runs open and says so loudly.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayClients.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    CallerAuthenticationManager callerAuthenticationManager(GatewayClients clients, ObjectProvider<JwtDecoder> jwtDecoder,
            Environment environment) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        if (!clients.clients().isEmpty()) {
            providers.add(new ApiKeyAuthenticationProvider(
                    new RefreshingClients(clients, environment, clients.clientsRefreshInterval(), Clock.systemUTC())));
        }
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            providers.add(new JwtAuthenticationProvider(decoder));
        }
        if (providers.isEmpty()) {
            if (!SandboxMode.isOn(environment)) {
                throw new IllegalStateException("No callers are configured (gateway.clients) and no JWT issuer "
                        + "(spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri): refusing to expose Intercom data "
                        + "without authentication. Configure at least one client; see the README's SECURITY section.");
            }
            log.warn("OPEN ACCESS: no gateway.clients and no JWT issuer configured; the sandbox API accepts every caller. "
                    + "Never run like this against a real Intercom workspace.");
            return new CallerAuthenticationManager(null);
        }
        return new CallerAuthenticationManager(new ProviderManager(providers));
    }

    /** Null manager: open sandbox. */
    public record CallerAuthenticationManager(AuthenticationManager manager) {

        boolean open() {
            return manager == null;
        }
    }

    @Bean
    @Order(1)
    SecurityFilterChain managementSecurity(HttpSecurity http, CallerAuthenticationManager callers) throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers();
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
                        .anyRequest().hasAuthority("SCOPE_ops"));
        if (!callers.open()) {
            http.oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> callers.manager())
                    .authenticationEntryPoint(problems));
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, CallerAuthenticationManager callers) throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers();
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        if (callers.open()) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        http.oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> callers.manager())
                        .authenticationEntryPoint(problems))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/api/v1/users", "/api/v1/users/**").hasAuthority("SCOPE_users:read")
                        .requestMatchers("/api/v1/users", "/api/v1/users/**").hasAuthority("SCOPE_users:write")
                        .requestMatchers(HttpMethod.GET, "/api/v1/conversations", "/api/v1/conversations/**").hasAuthority("SCOPE_conversations:read")
                        .requestMatchers("/api/v1/conversations", "/api/v1/conversations/**").hasAuthority("SCOPE_conversations:write")
                        .requestMatchers(HttpMethod.GET, "/api/v1/admins").hasAuthority("SCOPE_admins:read")
                        .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    WebMvcConfigurer callerInterceptors(GatewayClients clients, ObjectProvider<MeterRegistry> meters, Environment environment) {
        Duration window = environment.getProperty("intercom.rate-limit.window", Duration.class, Duration.ofSeconds(10));
        CallerRateLimits rateLimits = new CallerRateLimits(clients, window, meters.getIfAvailable(SimpleMeterRegistry::new));
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AuditLog()).addPathPatterns("/api/**");
                registry.addInterceptor(rateLimits).addPathPatterns("/api/**");
            }
        };
    }

    @Bean
    CallerTaggedServerMetrics callerTaggedServerMetrics() {
        return new CallerTaggedServerMetrics();
    }

    /**
     * Requests the firewall refuses (encoded slashes, path traversal, unusual characters) get a
     * problem body like every other 400, and never reach a controller.
     */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler() {
        return (request, response, rejected) -> ProblemWriter.write(request, response, HttpStatus.BAD_REQUEST,
                "The request path or headers contain characters or sequences that are not allowed");
    }

    /** API docs and Swagger UI describe the API; they hold no customer data. */
    @Bean
    @Order(3)
    SecurityFilterChain documentationSecurity(HttpSecurity http) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }
}
