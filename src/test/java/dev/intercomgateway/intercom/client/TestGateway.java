package dev.intercomgateway.intercom.client;

import java.net.URI;
import java.time.Duration;

import org.springframework.util.unit.DataSize;

import reactor.netty.resources.ConnectionProvider;

import dev.intercomgateway.contract.ContractCheckFilter;
import dev.intercomgateway.intercom.IntercomEndpoint;
import dev.intercomgateway.intercom.IntercomProperties;
import dev.intercomgateway.intercom.Region;
import dev.intercomgateway.intercom.cache.CacheProperties;
import dev.intercomgateway.intercom.cache.ReadCache;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.intercomgateway.intercom.config.IntercomGatewayConfiguration;

import org.springframework.web.reactive.function.client.WebClient;

/** The gateway wired as the application wires it, pointed at a test double; close it to free its connections. */
public record TestGateway(IntercomClient client, IntercomEndpoint endpoint, IntercomProperties properties, ConnectionProvider connections)
        implements AutoCloseable {

    public static TestGateway create(URI baseUrl, String token, Duration responseTimeout, WebClient.Builder builder) {
        var properties = new IntercomProperties(baseUrl, Region.US, token, "2.16", Duration.ofMillis(500), responseTimeout, 64,
                DataSize.ofMegabytes(4),
                new IntercomProperties.Health(Duration.ofSeconds(30)),
                new IntercomProperties.RateLimit(1666, Duration.ofSeconds(10), Duration.ofMillis(200), 5, 1, Duration.ofSeconds(5), dev.intercomgateway.store.SharedStore.LOCAL, 1, Duration.ofSeconds(60), java.util.Map.of()),
                new IntercomProperties.Retry(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5)));
        var configuration = new IntercomGatewayConfiguration();
        var connections = configuration.intercomConnectionProvider(properties,
                new dev.intercomgateway.intercom.ConcurrencyProperties(responseTimeout, 1000, null, 2, null));
        var endpoint = new IntercomEndpoint(baseUrl, token, false);
        WebClient webClient = checked(configuration.intercomWebClient(builder, connections, endpoint, properties));
        return new TestGateway(clientOf(webClient, new DirectIntercomCalls(), properties, baseUrl), endpoint, properties, connections);
    }

    /** The client as the application builds it over these calls, its read cache off (reads still coalesce). */
    public static IntercomClient clientOf(WebClient webClient, IntercomCalls calls, IntercomProperties properties, URI baseUrl) {
        var passthrough = new IntercomPassthrough(webClient, calls, baseUrl, properties.responseTimeout());
        var off = new CacheProperties(false, Duration.ofSeconds(5), Duration.ofMinutes(10), DataSize.ofKilobytes(256), DataSize.ofMegabytes(1));
        var reads = new CachedReads(ReadCache.local(off, off.ttl(), new SimpleMeterRegistry()), passthrough, properties.apiVersion());
        return new IntercomClient(new IntercomGatewayConfiguration().intercomApi(webClient, properties, calls), reads);
    }

    /** The WebClient with the contract check as its innermost filter: it sees what goes on the wire. */
    public static WebClient checked(WebClient webClient) {
        return webClient.mutate().filter(new ContractCheckFilter()).build();
    }

    public static TestGateway create(URI baseUrl, String token, Duration responseTimeout) {
        return create(baseUrl, token, responseTimeout, WebClient.builder());
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
