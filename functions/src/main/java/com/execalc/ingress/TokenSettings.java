package com.execalc.ingress;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How bearer tokens are verified and read.
 *
 * @param issuer      the exact {@code iss} a token must carry
 * @param audience    the app client id: a token's {@code aud} must contain it, or its {@code client_id} must equal it
 * @param jwksUri     where the issuer publishes its signing keys
 * @param tenantClaim the claim that names the tenant; default {@value #DEFAULT_TENANT_CLAIM}
 * @param rolesClaim  the claim that lists the roles; default {@value #DEFAULT_ROLES_CLAIM}
 * @param clockSkew   tolerance for {@code exp}, {@code nbf} and {@code iat}; default 60 seconds
 * @param tokenUses   the kinds of token accepted when a token says its kind ({@code token_use}); default
 *                    {@link #defaultTokenUses()}, ID tokens only, which is what clients send today. A token of another
 *                    kind is a 401, and a token without {@code token_use} (an issuer that does not mark its tokens) is
 *                    read as before. Whatever is accepted, only an ID token (or an unmarked one) can be a platform
 *                    operator's: an access token need not carry the tenant claim, so its absence proves nothing.
 */
public record TokenSettings(String issuer, String audience, URI jwksUri, String tenantClaim, String rolesClaim,
                            Duration clockSkew, Set<TokenUse> tokenUses) {

    public static final String DEFAULT_TENANT_CLAIM = "custom:tenant_id";
    public static final String DEFAULT_ROLES_CLAIM = "cognito:groups";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** The one kind accepted by default: what the README tells clients to send, and what holds the tenant attribute. */
    public static final TokenUse DEFAULT_TOKEN_USE = TokenUse.ID;

    public TokenSettings {
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        Objects.requireNonNull(jwksUri, "jwksUri");
        requireText(tenantClaim, "tenantClaim");
        requireText(rolesClaim, "rolesClaim");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes");
        }
        Objects.requireNonNull(tokenUses, "tokenUses");
        if (tokenUses.isEmpty()) {
            throw new IllegalArgumentException("tokenUses must accept at least one kind of token");
        }
        tokenUses = Collections.unmodifiableSet(EnumSet.copyOf(tokenUses));
    }

    /** Settings with the default claims, clock skew and token kinds. */
    public static TokenSettings of(String issuer, String audience, URI jwksUri) {
        return new TokenSettings(issuer, audience, jwksUri, DEFAULT_TENANT_CLAIM, DEFAULT_ROLES_CLAIM,
                DEFAULT_CLOCK_SKEW, defaultTokenUses());
    }

    /** The kinds of token accepted by default: {@link #DEFAULT_TOKEN_USE} only. */
    public static Set<TokenUse> defaultTokenUses() {
        return EnumSet.of(DEFAULT_TOKEN_USE);
    }

    /** These settings, accepting exactly {@code uses} as the kinds of token. */
    public TokenSettings withTokenUses(Set<TokenUse> uses) {
        return new TokenSettings(issuer, audience, jwksUri, tenantClaim, rolesClaim, clockSkew, uses);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
