package dev.intercomgateway.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.intercom.resilience.CallSlots;
import dev.intercomgateway.intercom.SandboxMode;
import dev.intercomgateway.web.ErrorListWriter;
import dev.intercomgateway.web.ProblemWriter;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AnnotationTemplateExpressionDefaults;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call: every {@code /api/**} request authenticates with an API key (or a JWT when an
 * issuer is configured) and needs the scope of what it does. Management endpoints other than
 * health and Prometheus need the {@code ops} scope. Only the built-in sandbox may run without
 * configured callers, and then it runs open and says so loudly.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(GatewayClients.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * Where the checks that need the request itself run (the passthrough's per-operation scope,
     * {@code admin-ids} on both surfaces): after Spring Security has authenticated the caller, and
     * before the idempotency filter ({@code DEFAULT_FILTER_ORDER + 10}) can replay a stored answer.
     */
    public static final int AUTHORIZATION_FILTER_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER + 5;

    @Bean
    CallerAuthenticationManager callerAuthenticationManager(GatewayClients clients, ObjectProvider<JwtDecoder> jwtDecoder,
            Environment environment, jakarta.validation.Validator validator) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        if (!clients.clients().isEmpty()) {
            providers.add(new ApiKeyAuthenticationProvider(
                    new RefreshingClients(clients, environment, validator, clients.clientsRefreshInterval(), Clock.systemUTC())));
        }
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            requireAudience(environment);
            providers.add(new JwtAuthenticationProvider(decoder));
        }
        if (providers.isEmpty()) {
            if (!SandboxMode.isOn(environment)) {
                throw new IllegalStateException("No callers are configured (gateway.clients) and no JWT issuer "
                        + "(spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri): refusing to expose Intercom data "
                        + "without authentication. Configure at least one client; see docs/security.md.");
            }
            log.warn("OPEN ACCESS: no gateway.clients and no JWT issuer configured; the sandbox API accepts every caller. "
                    + "Never run like this against a real Intercom workspace.");
            return new CallerAuthenticationManager(null);
        }
        return new CallerAuthenticationManager(new ProviderManager(providers));
    }

    static final String AUDIENCES = "spring.security.oauth2.resourceserver.jwt.audiences";

    /**
     * Without an audience, any token the identity provider issued for any other application would be
     * accepted here: JWT callers are only accepted when the audience they must carry is configured.
     */
    static void requireAudience(Environment environment) {
        List<String> audiences = Binder.get(environment).bind(AUDIENCES, Bindable.listOf(String.class)).orElse(List.of());
        if (audiences.stream().allMatch(String::isBlank)) {
            throw new IllegalStateException("A JWT issuer is configured but no audience (" + AUDIENCES + "): tokens issued for other "
                    + "applications would be accepted. Set the audience this gateway's tokens carry.");
        }
    }

    /** Null manager: open sandbox. */
    public record CallerAuthenticationManager(AuthenticationManager manager) {

        /** True when no caller is configured: the built-in sandbox runs open, every caller is accepted. */
        public boolean open() {
            return manager == null;
        }
    }

    @Bean
    @Order(1)
    SecurityFilterChain managementSecurity(HttpSecurity http, CallerAuthenticationManager callers) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint());
        statelessWithProblems(http);
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
                .anyRequest().hasAuthority("SCOPE_ops"));
        if (!callers.open()) {
            authenticating(http, callers);
        }
        return http.build();
    }

    /**
     * The internal API: the chain authenticates, and applies each handler's own {@link RequiresScope}
     * (see HandlerScopes) so that a refusal comes before validation and before any replay. The open
     * sandbox's anonymous caller holds every scope a handler names.
     */
    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, CallerAuthenticationManager callers, ApplicationContext context) throws Exception {
        http.securityMatcher("/api/**");
        statelessWithProblems(http);
        if (callers.open()) {
            List<String> everyScope = new ArrayList<>(List.of("ROLE_ANONYMOUS"));
            ApiScopes.declared().forEach(scope -> everyScope.add("SCOPE_" + scope));
            http.anonymous(anonymous -> anonymous.authorities(everyScope.toArray(String[]::new)))
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        authenticating(http, callers);
        HandlerScopes scopes = handlerScopes(context);
        http.authorizeHttpRequests(requests -> requests.anyRequest().access(scopes));
        return http.build();
    }

    /**
     * The Intercom-compatible surface: every caller authenticates like on the API; which Intercom
     * operation it may call is decided per operation by its scope, once the operation is known.
     * Refusals here are Intercom's {@code error.list} (see ProblemWriter).
     */
    @Bean
    @Order(3)
    SecurityFilterChain passthroughSecurity(HttpSecurity http, CallerAuthenticationManager callers) throws Exception {
        http.securityMatcher(ErrorListWriter.PASSTHROUGH_PREFIX, ErrorListWriter.PASSTHROUGH_PREFIX + "/**");
        statelessWithProblems(http);
        if (callers.open()) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        } else {
            authenticating(http, callers);
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        }
        return http.build();
    }

    private static HandlerScopes handlerScopes(ApplicationContext context) {
        return new HandlerScopes(() -> context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class));
    }

    /** What every chain shares: stateless, no CSRF (no cookies are used), refusals as problems (or error.list on the Intercom surface). */
    private static void statelessWithProblems(HttpSecurity http) throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    }

    /** Callers authenticated by API key or JWT, a failure answered as a 401 problem. */
    private static void authenticating(HttpSecurity http, CallerAuthenticationManager callers) throws Exception {
        http.oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> callers.manager())
                .authenticationEntryPoint(new ProblemAuthenticationHandlers()));
    }

    /**
     * Intercom's webhooks: the one path meant to be reachable from outside. No caller credentials;
     * each notification is authenticated by its signature (see the webhooks intake), so this chain
     * permits that exact path only. Every method: only POST has a handler there, so Spring MVC answers
     * the others 405 with {@code Allow: POST} (a 401 would tell Intercom, or whoever probes it, to
     * look for credentials that do not exist).
     */
    @Bean
    @Order(0)
    SecurityFilterChain webhookIntakeSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/intercom");
        statelessWithProblems(http);
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }

    /**
     * Everything neither the API nor Actuator: the API's own documentation is public (it describes
     * the API and holds no customer data), the rest is refused, so that an endpoint added later is
     * closed until a rule names it. Last of all chains, and the only one matching any path: a
     * second catch-all at the same order would be picked by bean order alone.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.securityMatcher("/**");
        statelessWithProblems(http);
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .build();
    }

    /** {@link ActsAsAdmin} on handlers, after their scope. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor actsAsAdmin() {
        return ActsAsAdminCheck.interceptor();
    }

    @Bean
    ScopesInOpenApi scopesInOpenApi() {
        return new ScopesInOpenApi();
    }

    /** Lets {@link RequiresScope} fill its value into the {@code @PreAuthorize} they carry. */
    @Bean
    static AnnotationTemplateExpressionDefaults annotationTemplateExpressionDefaults() {
        return new AnnotationTemplateExpressionDefaults();
    }

    /** Each caller's own limit of Intercom calls: refuses a request at once when spent, and is charged per call sent. */
    @Bean
    CallerRateLimits callerRateLimits(GatewayClients clients, ObjectProvider<MeterRegistry> meters, ObjectProvider<IntercomProperties> intercom) {
        IntercomProperties properties = intercom.getIfAvailable();
        Duration window = properties == null ? Duration.ofSeconds(10) : properties.rateLimit().window();
        return new CallerRateLimits(clients, window, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    WebMvcConfigurer callerInterceptors(CallerRateLimits rateLimits) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AuditLog()).addPathPatterns("/api/**");
                registry.addInterceptor(rateLimits).addPathPatterns("/api/**", ErrorListWriter.PASSTHROUGH_PREFIX + "/**");
            }
        };
    }

    /** {@code admin-ids} on the API, ahead of any replay (see ApiActingAsFilter). */
    @Bean
    FilterRegistrationBean<ApiActingAsFilter> apiActingAsFilter(ApplicationContext context) {
        var registration = new FilterRegistrationBean<>(new ApiActingAsFilter(handlerScopes(context),
                () -> context.getBean(tools.jackson.databind.json.JsonMapper.class)));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(AUTHORIZATION_FILTER_ORDER);
        return registration;
    }

    /** Callers' own caps on open Intercom calls ({@code gateway.clients[i].max-concurrent-calls}), keyed as the calls name them. */
    @Bean
    CallSlots.Caps callerConcurrencyCaps(GatewayClients clients) {
        Map<String, Integer> caps = clients.clients().stream().filter(client -> client.maxConcurrentCalls() != null)
                .collect(Collectors.toUnmodifiableMap(GatewayClients.Client::name, GatewayClients.Client::maxConcurrentCalls));
        return caps::get;
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
        return (request, response, rejected) -> {
            if (ErrorListWriter.applies(request)) {
                ErrorListWriter.write(response, HttpStatus.BAD_REQUEST, "The path holds an encoded slash or dot, a backslash, a dot segment "
                        + "or a control character, or a header holds characters that are not allowed; nothing was sent to Intercom");
                return;
            }
            boolean header = rejected.getMessage() != null && rejected.getMessage().toLowerCase(java.util.Locale.ROOT).contains("header");
            String message = header ? "holds characters that are not allowed"
                    : "holds an encoded percent, slash, dot or backslash, a semicolon, a dot segment or a control character, which are not allowed";
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "The request path or headers contain characters or sequences that are not allowed");
            problem.setProperty("errors", List.of(Map.of("field", header ? "headers" : "path", "message", message)));
            ProblemWriter.write(request, response, problem, ErrorListWriter.codeFor(400));
        };
    }

    /** The strict firewall everywhere; on {@code /intercom/**} only, {@code %25} and {@code ;} pass as data (see PassthroughFirewall). */
    @Bean
    WebSecurityCustomizer passthroughFirewall() {
        return web -> web.httpFirewall(new PassthroughFirewall());
    }
}
