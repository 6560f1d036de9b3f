package dev.intercomgateway.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;

/**
 * A WireMock server standing in for Intercom's REST API, for a {@link GatewayTest}: register it
 * as a static field,
 *
 * <pre>{@code
 * @RegisterExtension
 * static IntercomStandIn intercom = new IntercomStandIn();
 * }</pre>
 *
 * and the gateway's {@code intercom.base-url} points at it. It listens on a free port from
 * before the application context starts until the test class ends; before each test its stubs,
 * scenarios and received requests are reset, so each test stubs what it needs ({@code
 * intercom.stubFor(…)}) and reads what Intercom received ({@code intercom.getAllServeEvents()}).
 *
 * <p>Every exchange of the gateway with the stand-in is checked against Intercom's description, as
 * every exchange with Intercom in tests is (the contract package's auto-configuration filters the
 * gateway's WebClient, and its extension, registered for every test, fails the test that saw a
 * violation). Answers a test sends off the description on purpose are excused with
 * {@code @OffContractAnswers}, as before.
 */
public final class IntercomStandIn extends WireMockExtension {

    /** The {@code intercom.access-token} a {@link GatewayTest} with a stand-in runs with, unless it sets its own. */
    public static final String ACCESS_TOKEN = "stand-in-intercom-token";

    /** The {@code request_id} of {@link #errorList}'s answers. */
    public static final String ERROR_REQUEST_ID = "7a9b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

    public IntercomStandIn() {
        super(extensionOptions().options(wireMockConfig().dynamicPort()));
    }

    @Override
    protected void onBeforeEach(WireMockRuntimeInfo runtime) {
        resetAll();
    }

    /** Intercom's error answer, {@code {"type":"error.list","request_id":…,"errors":[{"code":…,"message":…}]}}. */
    public static String errorList(String code, String message) {
        return "{\"type\":\"error.list\",\"request_id\":\"" + ERROR_REQUEST_ID + "\",\"errors\":[{\"code\":\"" + code
                + "\",\"message\":\"" + message + "\"}]}";
    }
}
