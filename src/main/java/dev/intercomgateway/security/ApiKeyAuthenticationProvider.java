package dev.intercomgateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates {@code Authorization: Bearer <api key>} against the configured SHA-256 hashes.
 * Every configured hash is compared, in constant time, whatever matches first.
 */
public class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private static final MessageDigest SHA_256 = newSha256();

    private record KnownKey(byte[] hash, GatewayClients.Client client) {
    }

    private final Supplier<GatewayClients> clients;
    private volatile GatewayClients knownClients;
    private volatile List<KnownKey> keys;

    /**
     * @param clients the current callers; asked on each authentication, so a source that picks up
     *     changed configuration (see {@link RefreshingClients}) rotates keys without a restart
     */
    public ApiKeyAuthenticationProvider(Supplier<GatewayClients> clients) {
        this.clients = clients;
    }

    private List<KnownKey> keys() {
        GatewayClients current = clients.get();
        if (current != knownClients) {
            keys = current.clients().stream()
                    .flatMap(client -> client.keySha256().stream()
                            .map(hex -> new KnownKey(HexFormat.of().parseHex(hex.toLowerCase()), client)))
                    .toList();
            knownClients = current;
        }
        return keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
        byte[] hash = sha256(presented);
        GatewayClients.Client match = null;
        for (KnownKey key : keys()) {
            if (MessageDigest.isEqual(hash, key.hash()) && match == null) {
                match = key.client();
            }
        }
        if (match == null) {
            throw new BadCredentialsException("Unknown API key");
        }
        return new CallerAuthentication(match.name(), java.util.stream.Stream.concat(
                match.scopes().stream().map(scope -> "SCOPE_" + scope),
                match.adminIds() == null ? java.util.stream.Stream.<String>empty() : match.adminIds().stream().map(ActingAs::authority))
                .toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static byte[] sha256(String key) {
        try {
            // Cloning a ready digest skips the provider lookup of getInstance, a visible cost on every request.
            return ((MessageDigest) SHA_256.clone()).digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An authenticated internal caller; never carries the key. */
    public static final class CallerAuthentication extends AbstractAuthenticationToken {

        private final String caller;

        CallerAuthentication(String caller, List<String> authorities) {
            super(authorities.stream().map(SimpleGrantedAuthority::new).toList());
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return caller;
        }

        @Override
        public String getName() {
            return caller;
        }
    }
}
