package dev.intercomgateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Intercom's webhook signature: {@code X-Hub-Signature: sha1=<hex>}, the HMAC-SHA1 of the raw
 * request body keyed by the app's client secret (Intercom's webhook docs, "Signed notifications").
 */
public final class Signature {

    public static final String HEADER = "X-Hub-Signature";
    private static final String PREFIX = "sha1=";
    private static final HexFormat HEX = HexFormat.of();

    private Signature() {
    }

    /** The header's value for this body and secret. */
    public static String sign(byte[] body, String secret) {
        return PREFIX + HEX.formatHex(hmac(body, secret));
    }

    /**
     * Whether the header signs these bytes with one of the secrets. Every secret is compared, in
     * constant time, whichever matches.
     */
    public static boolean verifies(String header, byte[] body, List<String> secrets) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] presented;
        try {
            presented = HEX.parseHex(header.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        boolean matched = false;
        for (String secret : secrets) {
            matched |= MessageDigest.isEqual(hmac(body, secret), presented);
        }
        return matched;
    }

    private static byte[] hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every JVM", e);
        }
    }
}
