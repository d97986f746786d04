package com.execalc.ingress;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** A token issuer for tests: real RSA and EC keys, real signatures, claims a test can bend. */
final class TestIssuer {

    static final String ISSUER = "https://issuer.test/pool";
    static final String AUDIENCE = "execalc-client";
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    final RSAKey rsa;
    final ECKey ec;

    TestIssuer() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    TokenSettings settings() {
        return TokenSettings.of(ISSUER, AUDIENCE, URI.create("https://issuer.test/jwks.json"));
    }

    JWKSource<SecurityContext> publicKeys() {
        return new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
    }

    /** Valid claims of a tenant admin, as of {@link #NOW}. */
    JWTClaimsSet.Builder tenantClaims(String tenant, String... roles) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("alice")
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .notBeforeTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(3600)))
                .claim("custom:tenant_id", tenant)
                .claim("cognito:groups", List.of(roles));
    }

    /** A Cognito ID token's claims: {@code token_use: id}, the app client in {@code aud}, the user's attributes. */
    JWTClaimsSet.Builder cognitoIdClaims(String tenant, String... roles) {
        return tenantClaims(tenant, roles).claim("token_use", "id").claim("cognito:username", "alice")
                .claim("email", "alice@example.com");
    }

    /**
     * A Cognito access token's claims: {@code token_use: access}, the app client in {@code client_id} and no
     * {@code aud}, the groups, and no user attribute (no tenant) unless a pre-token-generation trigger adds one.
     */
    JWTClaimsSet.Builder cognitoAccessClaims(String... roles) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("alice")
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(3600)))
                .claim("token_use", "access")
                .claim("client_id", AUDIENCE)
                .claim("scope", "aws.cognito.signin.user.admin")
                .claim("username", "alice")
                .claim("cognito:groups", List.of(roles));
    }

    String rs256(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), claims, RSA);
    }

    String rs256(UnaryOperator<JWTClaimsSet.Builder> claims) {
        return rs256(claims.apply(tenantClaims("acme", "admin")).build());
    }

    String es256(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims, EC);
    }

    /** HS256 keyed with the RSA public key's encoding: the classic algorithm-confusion attack. */
    String hs256WithPublicKey(JWTClaimsSet claims) {
        try {
            byte[] secret = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(), claims);
            jwt.sign(new MACSigner(java.util.Arrays.copyOf(secret, Math.max(secret.length, 32))));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String signWithHeader(JWSHeader header, JWTClaimsSet claims) {
        return sign(header, claims, header.getAlgorithm().equals(JWSAlgorithm.ES256) ? EC : RSA);
    }

    private static final int RSA = 0;
    private static final int EC = 1;

    private String sign(JWSHeader header, JWTClaimsSet claims, int kind) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(kind == RSA ? new RSASSASigner(rsa) : new ECDSASigner(ec));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
