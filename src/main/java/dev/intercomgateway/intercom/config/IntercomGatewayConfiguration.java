package dev.intercomgateway.intercom.config;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import dev.intercomgateway.intercom.ConcurrencyProperties;
import dev.intercomgateway.intercom.IntercomEndpoint;
import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.intercom.IntercomRejectedException;
import dev.intercomgateway.intercom.budget.CallerLimits;
import dev.intercomgateway.intercom.budget.IntercomBudget;
import dev.intercomgateway.intercom.budget.IntercomBudgetHealthIndicator;
import dev.intercomgateway.intercom.budget.LocalBucket;
import dev.intercomgateway.intercom.budget.Reserve;
import dev.intercomgateway.intercom.budget.SharedBucket;
import dev.intercomgateway.intercom.cache.ReadCache;
import dev.intercomgateway.intercom.client.CachedReads;
import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.client.IntercomHeadersFilter;
import dev.intercomgateway.intercom.client.IntercomHealthIndicator;
import dev.intercomgateway.intercom.client.DirectIntercomCalls;
import dev.intercomgateway.intercom.client.IntercomApi;
import dev.intercomgateway.intercom.client.IntercomCalls;
import dev.intercomgateway.intercom.client.IntercomCallsAdapter;
import dev.intercomgateway.intercom.client.IntercomErrorDecoder;
import dev.intercomgateway.intercom.client.IntercomPassthrough;
import dev.intercomgateway.intercom.client.model.IntercomJson;
import dev.intercomgateway.intercom.resilience.CallSlots;
import dev.intercomgateway.intercom.resilience.ResilientIntercomCalls;
import dev.intercomgateway.intercom.resilience.RetryPolicy;
import dev.intercomgateway.intercom.SandboxMode;
import dev.intercomgateway.store.SharedStore;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/** Builds the one WebClient the service uses to reach Intercom, the declarative client over it, and the policies around it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IntercomProperties.class, ConcurrencyProperties.class})
public class IntercomGatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IntercomGatewayConfiguration.class);

    /** The real Intercom (or the base URL configured explicitly, such as a test double). */
    @Bean
    @Conditional(SandboxMode.Off.class)
    IntercomEndpoint intercomEndpoint(IntercomProperties properties) {
        if (!properties.hasAccessToken()) {
            log.warn("intercom.base-url is set but intercom.access-token is not: calls to {} carry no token", properties.resolvedBaseUrl());
        }
        log.info("Intercom gateway calls {} with API version {}", properties.resolvedBaseUrl(), properties.apiVersion());
        return new IntercomEndpoint(properties.resolvedBaseUrl(), properties.accessToken(), false);
    }

    /**
     * The pool of connections to Intercom. Waiting for a connection is bounded (connection-wait,
     * max-pending-connections): a full pool is the gateway's own saturation, answered at once with
     * 503 and Retry-After, not a wait that looks like Intercom being slow. Its gauges
     * ({@code reactor.netty.connection.provider.*}: active, idle, pending, max) show how full it is.
     */
    @Bean(destroyMethod = "dispose")
    public ConnectionProvider intercomConnectionProvider(IntercomProperties properties, ConcurrencyProperties concurrency) {
        return ConnectionProvider.builder("intercom")
                .maxConnections(properties.maxConnections())
                .pendingAcquireTimeout(concurrency.connectionWait())
                .pendingAcquireMaxCount(concurrency.maxPendingConnections())
                .metrics(true)
                .maxIdleTime(Duration.ofSeconds(30))
                .maxLifeTime(Duration.ofMinutes(5))
                .evictInBackground(Duration.ofSeconds(30))
                .build();
    }

    @Bean
    public WebClient intercomWebClient(WebClient.Builder builder, ConnectionProvider intercomConnectionProvider,
            IntercomEndpoint endpoint, IntercomProperties properties) {
        HttpClient httpClient = HttpClient.create(intercomConnectionProvider)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
                .responseTimeout(properties.responseTimeout())
                .compress(true);
        return builder.clone()
                .baseUrl(endpoint.baseUrl().toString())
                .clientConnector(new ReactorClientHttpConnector(httpClient))
                .codecs(codecs -> {
                    // Intercom's wire format (snake_case, unknown fields ignored), not the internal API's mapper
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(IntercomJson.mapper()));
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(IntercomJson.mapper()));
                    codecs.defaultCodecs().maxInMemorySize(Math.toIntExact(properties.maxResponseSize().toBytes()));
                })
                .defaultStatusHandler(status -> !status.is2xxSuccessful(), IntercomErrorDecoder::decode)
                .filter(new IntercomHeadersFilter(endpoint.accessToken(), properties.apiVersion()))
                .filter(IntercomErrorDecoder.refusingAnswersOver(properties.maxResponseSize().toBytes()))
                .build();
    }

    /**
     * The Intercom operations as one declarative interface over the WebClient, with the policies
     * beneath the proxy: every call of the interface passes {@code intercomCalls} (retry, breaker,
     * budget, call slots), named by its {@code @HttpExchange} method and path. A whole exchange is
     * bounded by response-timeout.
     *
     * <p>Why a WebClient used blocking: the gateway serves each request on its own virtual thread,
     * so a blocked call parks that virtual thread and holds no platform thread; blocking code keeps
     * the policies plain (a retry loop, a semaphore, a wait for the budget) and their stack readable.
     * The WebClient stays because of what Reactor Netty gives underneath: a bounded connection pool
     * with a bounded wait for a connection (answered at once with 503 when full), connect and
     * response timeouts, gzip, a cap on the answer's size, and bodies that can be streamed on
     * unread (the passthrough hands Intercom's body to its caller as it arrives). The decorator is
     * a plain (not a Reactor) exchange adapter, so the proxy calls it blocking and each attempt
     * blocks on the WebClient for at most response-timeout.
     */
    @Bean
    public IntercomApi intercomApi(WebClient intercomWebClient, IntercomProperties properties, IntercomCalls intercomCalls) {
        WebClientAdapter adapter = WebClientAdapter.create(intercomWebClient);
        adapter.setBlockTimeout(properties.responseTimeout());
        return HttpServiceProxyFactory.builderFor(adapter)
                .exchangeAdapterDecorator(webClient -> new IntercomCallsAdapter(webClient, intercomCalls))
                .build()
                .createClient(IntercomApi.class);
    }

    @Bean
    IntercomBudget intercomBudget(IntercomProperties properties, MeterRegistry meters, ObjectProvider<RedisClient> budgetRedisClient,
            ObjectProvider<CallerLimits> callerLimits) {
        IntercomProperties.RateLimit rateLimit = properties.rateLimit();
        IntercomBudget.BucketSource bucket = rateLimit.store() == SharedStore.REDIS
                ? new SharedBucket(budgetRedisClient.getObject(), "intercom-gateway:budget:" + properties.resolvedBaseUrl().getHost(),
                        rateLimit.budgetPerWindow(), rateLimit.window(), rateLimit.replicas())
                : new LocalBucket(rateLimit.budgetPerWindow(), rateLimit.window());
        Gauge.builder("intercom.budget.store.degraded", bucket, source -> source.degraded() ? 1 : 0)
                .description("1 while the shared budget store is unreachable and a local share is used").register(meters);
        return new IntercomBudget(bucket, rateLimit.budgetPerWindow(), rateLimit.window(), rateLimit.windowGuard(),
                new Reserve(rateLimit.reservePercent(), rateLimit.reserve()), rateLimit.maxWait(), rateLimit.maxResetWait(),
                rateLimit.fairShareWeights(), callerLimits.getIfAvailable(() -> CallerLimits.NONE), Clock.systemUTC(), meters);
    }

    /** A Lettuce client for the shared budget, with short timeouts so that a dead Redis is noticed at once. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnProperty(name = SharedStore.PROPERTY, havingValue = "redis")
    RedisClient budgetRedisClient(DataRedisConnectionDetails redis) {
        DataRedisConnectionDetails.Standalone standalone = redis.getStandalone();
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(standalone.getHost())
                .withPort(standalone.getPort())
                .withDatabase(standalone.getDatabase())
                .withTimeout(Duration.ofMillis(500));
        if (redis.getPassword() != null) {
            uri = redis.getUsername() != null
                    ? uri.withAuthentication(redis.getUsername(), redis.getPassword().toCharArray())
                    : uri.withPassword(redis.getPassword().toCharArray());
        }
        RedisClient client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build())
                .build());
        return client;
    }

    @Bean
    IntercomBudgetHealthIndicator intercomBudgetHealthIndicator(IntercomBudget intercomBudget, IntercomProperties properties) {
        return new IntercomBudgetHealthIndicator(intercomBudget, properties.rateLimit());
    }

    @Bean
    RetryConfigCustomizer intercomRetryPolicy() {
        return RetryConfigCustomizer.of("intercom", ResilientIntercomCalls::configure);
    }

    @Bean
    CircuitBreakerConfigCustomizer intercomCircuitBreakerPolicy() {
        return CircuitBreakerConfigCustomizer.of("intercom", builder -> builder
                .recordException(ResilientIntercomCalls::isUpstreamFailure)
                .ignoreException(failure -> failure instanceof IntercomRejectedException));
    }

    /**
     * The one place where the policies wrap every call: retry, circuit breaker, rate budget, caller
     * caps and bulkhead, around the one exchange of {@link DirectIntercomCalls}. A further step (a
     * read cache) is one more {@link IntercomCalls} wrapped around this chain here.
     */
    @Bean
    IntercomCalls intercomCalls(IntercomProperties properties, ConcurrencyProperties concurrency, IntercomBudget intercomBudget,
            RetryRegistry retries, CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, ObjectProvider<CallSlots.Caps> callerCaps,
            MeterRegistry meters, ObjectProvider<ObservationRegistry> observations) {
        Bulkhead bulkhead = bulkheads.bulkhead("intercom");
        int bulkheadSize = bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
        if (bulkheadSize > properties.maxConnections()) {
            log.warn("resilience4j.bulkhead.instances.intercom.max-concurrent-calls ({}) is larger than intercom.max-connections ({}): "
                    + "calls past the pool wait for a connection and get 503 (no_free_connection), and the bulkhead's reserve "
                    + "for light callers no longer keeps connections free; keep the bulkhead at most the pool", bulkheadSize,
                    properties.maxConnections());
        }
        CallSlots.Headroom headroom = new CallSlots.Headroom(concurrency.guaranteedCallsPerCaller(), concurrency.bulkheadReserve(bulkheadSize));
        CallSlots slots = new CallSlots(bulkhead, callerCaps.getIfAvailable(() -> caller -> null),
                concurrency.callerCap(properties.maxConnections()), headroom, meters);
        return new ResilientIntercomCalls(new DirectIntercomCalls(),
                retries.retry("intercom"), circuitBreakers.circuitBreaker("intercom"), slots,
                intercomBudget, new RetryPolicy(properties.retry(), Clock.systemUTC()), properties.retry().maxTotalTime(),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    IntercomHealthIndicator intercomHealthIndicator(IntercomClient intercomClient, IntercomEndpoint endpoint, IntercomProperties properties) {
        return new IntercomHealthIndicator(intercomClient, endpoint, properties.health().cacheTtl(), Clock.systemUTC());
    }

    /** Intercom operations as callers of the Intercom-compatible surface shape them, through the same client and policies. */
    @Bean
    IntercomPassthrough intercomPassthrough(WebClient intercomWebClient, IntercomCalls intercomCalls, IntercomEndpoint endpoint,
            IntercomProperties properties) {
        return new IntercomPassthrough(intercomWebClient, intercomCalls, endpoint.baseUrl(), properties.responseTimeout());
    }

    /** The read cache's step, shared by both surfaces: reads by id through the cache, writes invalidating. */
    @Bean
    CachedReads cachedReads(ReadCache readCache, IntercomPassthrough intercomPassthrough, IntercomProperties properties) {
        return new CachedReads(readCache, intercomPassthrough, properties.apiVersion());
    }

    @Bean
    IntercomClient intercomClient(IntercomApi intercomApi, CachedReads cachedReads) {
        return new IntercomClient(intercomApi, cachedReads);
    }
}
