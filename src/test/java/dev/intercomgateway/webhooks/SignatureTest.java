package dev.intercomgateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SignatureTest {

    /** printf '%s' '{"type":"notification_event","topic":"ping"}' | openssl dgst -sha1 -hmac secret */
    static final String OPENSSL = "e8e5e2592043c6f21a6550288b4b285ba7d35f24";
    static final byte[] BODY = "{\"type\":\"notification_event\",\"topic\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void isTheHexHmacSha1OfTheRawBody() {
        assertThat(Signature.sign(BODY, "secret")).isEqualTo("sha1=" + OPENSSL);
        assertThat(Signature.verifies("sha1=" + OPENSSL, BODY, List.of("secret"))).isTrue();
        assertThat(Signature.verifies("SHA1=" + OPENSSL.toUpperCase(), BODY, List.of("secret"))).isTrue();
    }

    @Test
    void acceptsEitherSecretWhileRotatingAndNothingElse() {
        String signature = Signature.sign(BODY, "new");
        assertThat(Signature.verifies(signature, BODY, List.of("old", "new"))).isTrue();
        assertThat(Signature.verifies(signature, BODY, List.of("old"))).isFalse();
        byte[] altered = BODY.clone();
        altered[3] ^= 1;
        assertThat(Signature.verifies(signature, altered, List.of("new"))).isFalse();
        assertThat(Signature.verifies(null, BODY, List.of("new"))).isFalse();
        assertThat(Signature.verifies("sha256=" + signature.substring(5), BODY, List.of("new"))).isFalse();
        assertThat(Signature.verifies("sha1=xyz", BODY, List.of("new"))).isFalse();
        assertThat(Signature.verifies("sha1=", BODY, List.of("new"))).isFalse();
    }
}
