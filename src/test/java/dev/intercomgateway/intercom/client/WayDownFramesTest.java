package dev.intercomgateway.intercom.client;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;
import dev.intercomgateway.users.UserController;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * How many of the gateway's own frames lie between the controller and the WebClient for GET user by
 * id: the stack is taken where the WebClient's filters run (on the calling thread, as the call is
 * made blocking). Printed, and bounded so that a detour added later fails here.
 */
@GatewayTest
class WayDownFramesTest {

    static final String ID = "6650a1b2c3d4e5f600000001";
    static final AtomicReference<StackTraceElement[]> STACK = new AtomicReference<>();

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @TestConfiguration
    static class StackAtTheWebClient {

        @Bean
        WebClientCustomizer stackAtTheWebClient() {
            return builder -> builder.filter(ExchangeFilterFunction.ofRequestProcessor(request -> {
                STACK.set(new Throwable().getStackTrace());
                return reactor.core.publisher.Mono.just(request);
            }));
        }
    }

    @LocalServerPort
    int port;

    @Test
    void getUserByIdPassesFewOfTheGatewaysOwnFrames() {
        intercom.stubFor(get("/contacts/" + ID).willReturn(okJson("{\"type\":\"contact\",\"id\":\"" + ID + "\",\"role\":\"user\",\"created_at\":1}")));

        assertThat(new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY).get("/api/v1/users/" + ID).status()).isEqualTo(200);

        List<String> ours = ownFramesBelowTheController(STACK.get());
        System.out.println("Gateway frames between UserController and WebClient (" + ours.size() + "):\n  " + String.join("\n  ", ours));
        assertThat(ours).hasSizeLessThanOrEqualTo(MAX_OWN_FRAMES);
    }

    /**
     * 13 when IntercomClient named each path by hand and handed the policies a Supplier; 12 with the
     * policies beneath the proxy; 14 once each attempt runs inside its observation (CallObservations
     * and its lambda, for traces); 15 with the features' workspace types (IntercomWorkspace.contact);
     * 15 before the read cache; its step adds three on a miss (CachedReads.read, ReadCache.read, the load), none on a hit: 18.
     * 16 with one client for the features (IntercomWorkspace.contact twice and IntercomClient.getContact became IntercomClient.contact).
     */
    static final int MAX_OWN_FRAMES = 16;

    /** Frames of dev.intercomgateway classes called by UserController's handler, nearest the WebClient first. */
    static List<String> ownFramesBelowTheController(StackTraceElement[] stack) {
        List<String> ours = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(UserController.class.getName())) {
                return ours;
            }
            if (frame.getClassName().startsWith("dev.intercomgateway.") && !frame.getClassName().startsWith(WayDownFramesTest.class.getName())) {
                ours.add(frame.getClassName() + "." + frame.getMethodName());
            }
        }
        throw new AssertionError("UserController is not on the stack where the WebClient runs");
    }
}
