package dev.intercomgateway.intercom;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.core.ExecutableProvider;

import dev.intercomgateway.DockerEngine;

/**
 * A real Redis for a test, started by the test itself and killed at its end (or in the middle, to
 * see what happens when Redis dies): a container where a Docker engine runs, otherwise the
 * redis-server binary shipped in the embedded-redis artifact from Maven Central. Nothing needs to
 * be installed on the machine.
 */
public final class RedisTestServer implements AutoCloseable {

    private static final String IMAGE = "redis:7.4-alpine";

    private final GenericContainer<?> container;
    private final Process process;
    private final String host;
    private final int port;

    /** Starts a Redis the best way this machine allows. */
    public static RedisTestServer start() {
        return new RedisTestServer();
    }

    public RedisTestServer() {
        if (DockerEngine.available()) {
            container = new GenericContainer<>(IMAGE).withExposedPorts(6379);
            container.start();
            process = null;
            host = container.getHost();
            port = container.getMappedPort(6379);
        } else {
            container = null;
            host = "127.0.0.1";
            port = freePort();
            process = startBinary(port);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process startBinary(int port) {
        try {
            File binary = ExecutableProvider.newJarResourceProvider().get();
            binary.setExecutable(true);
            Process process = new ProcessBuilder(binary.getAbsolutePath(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!accepts(port)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IllegalStateException("redis-server did not start on port " + port);
                }
                Thread.sleep(50);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the redis-server binary from the embedded-redis artifact", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A client configured as the application configures its budget client. */
    public RedisClient client() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(host).withPort(port).withTimeout(Duration.ofMillis(500)).build());
        client.setOptions(io.lettuce.core.ClientOptions.builder()
                .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(io.lettuce.core.SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build())
                .build());
        return client;
    }

    public void kill() throws InterruptedException {
        if (container != null) {
            container.stop();
        } else {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
