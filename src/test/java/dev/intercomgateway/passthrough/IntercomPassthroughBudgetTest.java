package dev.intercomgateway.passthrough;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;

/** SDK calls draw on the same rate budget as the internal API: when it is spent, the SDK gets Intercom's 429 and Intercom gets nothing. */
@GatewayTest(properties = {
        "intercom.rate-limit.budget-per-window=2",
        "intercom.rate-limit.reserve=0",
        "intercom.rate-limit.window=1m",
        "intercom.rate-limit.max-wait=0s"})
class IntercomPassthroughBudgetTest {

    @RegisterExtension
    static IntercomStandIn intercom = new IntercomStandIn();

    @LocalServerPort
    int port;

    @Test
    void aSpentBudgetIsAnIntercomShaped429WithRetryAfterAndNothingIsSent() {
        intercom.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson(
                "{\"type\":\"contact\",\"id\":\"6650a1b2c3d4e5f600000001\",\"role\":\"user\",\"created_at\":1}")));
        HttpCaller sdk = new HttpCaller("http://localhost:" + port + "/intercom", TestCallers.SDK_KEY);

        assertThat(sdk.get("/contacts/6650a1b2c3d4e5f600000001").status()).isEqualTo(200);
        assertThat(sdk.get("/contacts/6650a1b2c3d4e5f600000001").status()).isEqualTo(200);
        HttpCaller.Answer refused = sdk.get("/contacts/6650a1b2c3d4e5f600000001");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("type").asString()).isEqualTo("error.list");
        assertThat(refused.json().get("errors").get(0).get("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        intercom.verify(2, getRequestedFor(urlPathMatching("/contacts/.*")));
    }
}
