package com.execalc.local;

import com.execalc.ingress.TokenUse;
import com.execalc.ingress.TokenVerifier;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantId;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The local stand-in for Cognito: an RS256 key made at start-up, tokens shaped like Cognito's access tokens (with the
 * tenant claim the deployment's pre-token-generation trigger adds) or ID tokens, the public key as a JWKS and an OIDC
 * discovery document ({@link LocalDiscovery}). The authorizer verifies these tokens exactly as it verifies Cognito's:
 * over HTTP, from the JWKS URL.
 */
public final class LocalIssuer {

    /** The audience (app client id) of local tokens. */
    public static final String AUDIENCE = "execalc-local";

    private final String issuer;
    private final RSAKey key;
    private final Clock clock;

    public LocalIssuer(String issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("local-" + UUID.randomUUID().toString().substring(0, 8)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate the local signing key", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** Where the public key set is served: under the issuer, as Cognito serves its own. */
    public String jwksUri() {
        return issuer + "/.well-known/jwks.json";
    }

    /** The public key set, as served at {@code /_local/.well-known/jwks.json}. */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** As {@link #mint(String, String, List, Duration, TokenUse)}, an access token: what a deployment accepts by default. */
    public String mint(String tenant, String subject, List<String> roles, Duration ttl) {
        return mint(tenant, subject, roles, ttl, TokenUse.ACCESS);
    }

    /**
     * Mints a token of Cognito's shape for {@code kind}: an ID token names the app client in {@code aud}, an access
     * token in {@code client_id}; both carry {@code custom:tenant_id} (in the access token as the CDK app's trigger
     * puts it there) and {@code cognito:groups}.
     *
     * @param tenant  the tenant, or {@code null} for a platform operator
     * @param subject the {@code sub}
     * @param roles   tenant roles ({@code viewer}, {@code operator}, {@code admin}) or {@code platform-admin}
     * @param ttl     how long the token is valid
     * @param kind    which of Cognito's two tokens
     * @throws InvalidInputException when the request could never yield a usable token
     */
    public String mint(String tenant, String subject, List<String> roles, Duration ttl, TokenUse kind) {
        if (subject == null || subject.isBlank() || subject.length() > 256) {
            throw new InvalidInputException("sub must be 1 to 256 characters.");
        }
        if (roles == null || roles.isEmpty()) {
            throw new InvalidInputException("roles must list at least one role.");
        }
        if (tenant == null && !roles.contains(TokenVerifier.PLATFORM_ADMIN_ROLE)) {
            throw new InvalidInputException("A token without a tenant is a platform operator's: give it the role "
                    + TokenVerifier.PLATFORM_ADMIN_ROLE + ".");
        }
        if (tenant != null) {
            TenantId.of(tenant);
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("token_use", kind.claimValue())
                .claim("cognito:groups", roles);
        if (kind == TokenUse.ID) {
            claims.audience(AUDIENCE).claim("cognito:username", subject);
        } else {
            claims.claim("client_id", AUDIENCE).claim("scope", "aws.cognito.signin.user.admin")
                    .claim("username", subject);
        }
        if (tenant != null) {
            claims.claim("custom:tenant_id", tenant);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a local token", e);
        }
    }
}
