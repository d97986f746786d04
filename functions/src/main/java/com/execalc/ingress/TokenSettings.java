package com.execalc.ingress;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How bearer tokens are verified and read.
 *
 * @param issuer      the exact {@code iss} a token must carry
 * @param audience    the app client id: a token's {@code aud} must contain it, or its {@code client_id} must equal it
 * @param jwksUri     where the issuer publishes its signing keys
 * @param tenantClaim the claim that names the tenant; default {@value #DEFAULT_TENANT_CLAIM}
 * @param rolesClaim  the claim that lists the roles; default {@value #DEFAULT_ROLES_CLAIM}
 * @param clockSkew   tolerance for {@code exp}, {@code nbf} and {@code iat}; default 60 seconds
 */
public record TokenSettings(String issuer, String audience, URI jwksUri, String tenantClaim, String rolesClaim,
                            Duration clockSkew) {

    public static final String DEFAULT_TENANT_CLAIM = "custom:tenant_id";
    public static final String DEFAULT_ROLES_CLAIM = "cognito:groups";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

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
    }

    /** Settings with the default claims and clock skew. */
    public static TokenSettings of(String issuer, String audience, URI jwksUri) {
        return new TokenSettings(issuer, audience, jwksUri, DEFAULT_TENANT_CLAIM, DEFAULT_ROLES_CLAIM,
                DEFAULT_CLOCK_SKEW);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
