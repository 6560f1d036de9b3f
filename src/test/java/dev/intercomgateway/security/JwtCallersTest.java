package dev.intercomgateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.intercomgateway.testsupport.GatewayTest;
import dev.intercomgateway.testsupport.HttpCaller;
import dev.intercomgateway.testsupport.IntercomStandIn;
import dev.intercomgateway.testsupport.TestCallers;

import org.springframework.boot.test.web.server.LocalServerPort;

/** With an identity provider's JWK set configured, signed JWTs get in with the scopes of their scope/scp claim. */
@GatewayTest(properties = {
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=${intercom.base-url}/idp/jwks",
        "spring.security.oauth2.resourceserver.jwt.audiences=" + JwtCallersTest.AUDIENCE,
        "gateway.jwt-rate-limits.reporting-job=2",
        "gateway.jwt-rate-limits.full-app=1"})
class JwtCallersTest {

    static final String AUDIENCE = "intercom-gateway";
    static final RSAKey SIGNING_KEY = generate();
    static final RSAKey OTHER_KEY = generate();

    @RegisterExtension
    static IntercomStandIn services = new IntercomStandIn();

    @LocalServerPort
    int port;

    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    @BeforeEach
    void stubs() {
        services.stubFor(get("/idp/jwks").willReturn(okJson(new JWKSet(SIGNING_KEY.toPublicJWK()).toString())));
        services.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson("{\"type\":\"contact\",\"id\":\"c1\",\"role\":\"user\"}")));
    }

    @Test
    void jwtWithTheScopeGetsIn() {
        assertThat(call(token(SIGNING_KEY, "scope", "users:read"), "/api/v1/users/c1")).isEqualTo(200);
        assertThat(call(token(SIGNING_KEY, "scp", "users:read admins:read"), "/api/v1/users/c1")).isEqualTo(200);
    }

    @Test
    void jwtWithoutTheScopeIs403() {
        assertThat(call(token(SIGNING_KEY, "scope", "conversations:read"), "/api/v1/users/c1")).isEqualTo(403);
    }

    @Test
    void jwtSignedByAnotherKeyOrGarbageIs401() {
        assertThat(call(token(OTHER_KEY, "scope", "users:read"), "/api/v1/users/c1")).isEqualTo(401);
        assertThat(call("not.a.jwt", "/api/v1/users/c1")).isEqualTo(401);
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        assertThat(call(token(SIGNING_KEY, "scope", "users:read", "app-1", "some-other-service"), "/api/v1/users/c1")).isEqualTo(401);
    }

    @Test
    void aSubjectNamedLikeAnApiKeyCallerGetsNeitherItsIdempotencyKeysNorAMetricTagOfItsOwn() {
        services.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/contacts").willReturn(okJson(
                "{\"type\":\"contact\",\"id\":\"created-9\",\"role\":\"user\",\"email\":\"private@example.com\"}")));
        var byKey = new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY).with("Idempotency-Key", "shared-name-1")
                .post("/api/v1/users", "{\"email\":\"private@example.com\"}");
        assertThat(byKey.status()).isEqualTo(201);

        String posingAsFullApp = token(SIGNING_KEY, "scope", "users:write", "full-app", AUDIENCE);
        var byToken = new HttpCaller("http://localhost:" + port, posingAsFullApp).with("Idempotency-Key", "shared-name-1")
                .post("/api/v1/users", "{\"email\":\"private@example.com\"}");
        assertThat(byToken.header("Idempotent-Replayed")).as("another caller's stored answer").isNull();

        for (int i = 0; i < 3; i++) {
            call(token(SIGNING_KEY, "scope", "users:read"), "/api/v1/users/c1");
        }
        String scrape = new HttpCaller("http://localhost:" + managementPort).get("/actuator/prometheus").body();
        assertThat(scrape).contains("client=\"jwt\"").doesNotContain("client=\"app-").doesNotContain("client=\"jwt:");
    }

    @Test
    void aJwtCallerGetsTheRateLimitConfiguredForItsSubjectAndOnlyItsOwn() {
        String reportingJob = token(SIGNING_KEY, "scope", "users:read", "reporting-job", AUDIENCE);
        assertThat(call(reportingJob, "/api/v1/users/c1")).isEqualTo(200);
        assertThat(call(reportingJob, "/api/v1/users/c1")).isEqualTo(200);
        var third = new HttpCaller("http://localhost:" + port, reportingJob).get("/api/v1/users/c1");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isNotBlank();

        assertThat(call(token(SIGNING_KEY, "scope", "users:read"), "/api/v1/users/c1")).as("another subject").isEqualTo(200);
        // the share named full-app is the JWT subject's, not the API-key caller's of that name
        for (int i = 0; i < 3; i++) {
            assertThat(new HttpCaller("http://localhost:" + port, TestCallers.FULL_KEY).get("/api/v1/users/c1").status()).isEqualTo(200);
        }
    }

    @Test
    void aJwtIssuerWithoutAnAudienceRefusesToStart() {
        assertThatThrownBy(() -> new org.springframework.boot.builder.SpringApplicationBuilder(dev.intercomgateway.IntercomGatewayApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--intercom.access-token=t",
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + services.baseUrl() + "/idp/jwks").close())
                .hasStackTraceContaining("no audience");
    }

    private int call(String bearer, String path) {
        return new HttpCaller("http://localhost:" + port, bearer).get(path).status();
    }

    private static String token(RSAKey key, String claim, String scopes) {
        return token(key, claim, scopes, "app-" + UUID.randomUUID(), AUDIENCE);
    }

    private static String token(RSAKey key, String claim, String scopes, String subject, String audience) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder().subject(subject).audience(audience).claim(claim, scopes)
                            .expirationTime(Date.from(Instant.now().plusSeconds(300))).issueTime(new Date()).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
