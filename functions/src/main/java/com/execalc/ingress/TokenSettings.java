package com.execalc.ingress;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How bearer tokens are verified and read: one identity provider's tokens.
 *
 * @param issuer      the exact {@code iss} a token must carry
 * @param audience    the API or app client: a token's {@code aud} must contain it, or its {@code client_id} must equal
 *                    it (where the token's kind puts the client, {@link TokenUse})
 * @param jwksUri     where the issuer publishes its signing keys
 * @param tenantClaim the claim that names the tenant, a name or dotted path; default {@value #DEFAULT_TENANT_CLAIM}
 * @param rolesClaim  the claim that lists the roles, a name or dotted path; default {@value #DEFAULT_ROLES_CLAIM}
 * @param roleMap     provider role values to Execalc roles; default {@link RoleMap#identity()}
 * @param tokenUse    the one kind of token accepted where a token says its kind ({@code token_use}, Cognito's); a
 *                    token of the other kind is a 401, one that does not say (most providers) is read as this kind.
 *                    This kind must carry the tenant claim of every member: a token of it without one is a platform
 *                    operator's or nobody's. Default {@link TokenUse#ACCESS}, as OAuth means clients to send
 * @param algorithms  the signature algorithms accepted, asymmetric only ({@link #supportedAlgorithms()}); default
 *                    {@link #defaultAlgorithms()}
 * @param tokenTypes  the header {@code typ} values accepted, compared as RFC 7515 says (case-insensitive, without
 *                    {@code application/}); a token without {@code typ} always passes (Cognito sets none). Default
 *                    {@link #defaultTokenTypes()}: {@code JWT} and RFC 9068's {@code at+jwt}
 * @param clockSkew   tolerance for {@code exp}, {@code nbf} and {@code iat}; 0 to 5 minutes, default 60 seconds
 */
public record TokenSettings(String issuer, String audience, URI jwksUri, ClaimPath tenantClaim, ClaimPath rolesClaim,
                            RoleMap roleMap, TokenUse tokenUse, Set<String> algorithms, Set<String> tokenTypes,
                            Duration clockSkew) {

    public static final String DEFAULT_TENANT_CLAIM = "custom:tenant_id";
    public static final String DEFAULT_ROLES_CLAIM = "cognito:groups";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final TokenUse DEFAULT_TOKEN_USE = TokenUse.ACCESS;

    /** Asymmetric signatures only: an HMAC key would have to be shared with every verifier, and {@code none} is none. */
    public static Set<String> supportedAlgorithms() {
        return Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    }

    public static Set<String> defaultAlgorithms() {
        return Set.of("RS256", "ES256", "PS256");
    }

    /** {@code JWT} and RFC 9068's {@code at+jwt}, as {@link #tokenTypes()} holds them (lower case). */
    public static Set<String> defaultTokenTypes() {
        return Set.of("jwt", "at+jwt");
    }

    public TokenSettings {
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        Objects.requireNonNull(jwksUri, "jwksUri");
        Objects.requireNonNull(tenantClaim, "tenantClaim");
        Objects.requireNonNull(rolesClaim, "rolesClaim");
        Objects.requireNonNull(roleMap, "roleMap");
        Objects.requireNonNull(tokenUse, "tokenUse");
        Objects.requireNonNull(algorithms, "algorithms");
        if (algorithms.isEmpty() || !supportedAlgorithms().containsAll(algorithms)) {
            throw new IllegalArgumentException("algorithms must be some of " + String.join(", ",
                    supportedAlgorithms().stream().sorted().toList()) + ", not " + algorithms);
        }
        algorithms = Set.copyOf(algorithms);
        Objects.requireNonNull(tokenTypes, "tokenTypes");
        if (tokenTypes.isEmpty() || tokenTypes.stream().anyMatch(type -> !type.matches("[A-Za-z0-9.+/-]+"))) {
            throw new IllegalArgumentException("tokenTypes must list typ values such as JWT or at+jwt, not " + tokenTypes);
        }
        tokenTypes = tokenTypes.stream().map(TokenSettings::normalisedType).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes");
        }
    }

    /** Settings with the defaults for everything but the issuer. */
    public static TokenSettings of(String issuer, String audience, URI jwksUri) {
        return new TokenSettings(issuer, audience, jwksUri, new ClaimPath(DEFAULT_TENANT_CLAIM),
                new ClaimPath(DEFAULT_ROLES_CLAIM), RoleMap.identity(), DEFAULT_TOKEN_USE, defaultAlgorithms(),
                defaultTokenTypes(), DEFAULT_CLOCK_SKEW);
    }

    /** These settings, accepting {@code use} as the kind of token. */
    public TokenSettings withTokenUse(TokenUse use) {
        return new TokenSettings(issuer, audience, jwksUri, tenantClaim, rolesClaim, roleMap, use, algorithms,
                tokenTypes, clockSkew);
    }

    /** These settings, reading the tenant and roles at other claims, mapped by {@code map}. */
    public TokenSettings withClaims(String tenant, String roles, RoleMap map) {
        return new TokenSettings(issuer, audience, jwksUri, new ClaimPath(tenant), new ClaimPath(roles), map, tokenUse,
                algorithms, tokenTypes, clockSkew);
    }

    /** Whether a header {@code typ} is accepted; {@code null} (no {@code typ}) always is. */
    public boolean acceptsType(String typ) {
        return typ == null || tokenTypes.contains(normalisedType(typ));
    }

    /** RFC 7515, 4.1.9: media types compare case-insensitively, {@code application/} may be left out. */
    private static String normalisedType(String typ) {
        String lower = typ.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
