package com.execalc.ingress;

import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenVerifierTest {

    private final TestIssuer issuer = new TestIssuer();
    private final TokenVerifier verifier = new TokenVerifier(issuer.settings(), issuer.publicKeys(),
            Clock.fixed(TestIssuer.NOW, ZoneOffset.UTC));

    @Nested
    class Accepts {

        @Test
        void verify_shouldResolveTheTenantMember_whenRs256TokenIsValid() {
            Principal principal = verifier.verify(issuer.rs256(issuer.tenantClaims("acme", "admin", "viewer").build()));

            assertThat(principal).isEqualTo(new Principal.TenantMember(TenantId.of("acme"), "alice",
                    java.util.Set.of(TenantRole.ADMIN, TenantRole.VIEWER)));
        }

        @Test
        void verify_shouldResolveTheTenantMember_whenEs256TokenIsValid() {
            Principal principal = verifier.verify(issuer.es256(issuer.tenantClaims("acme", "viewer").build()));

            assertThat(principal).isInstanceOf(Principal.TenantMember.class);
        }

        @Test
        void verify_shouldAcceptATokenThatDoesNotSayItsKind_whenItsClientIdIsTheAudience() {
            String token = issuer.rs256(c -> c.audience((String) null).claim("client_id", TestIssuer.AUDIENCE));

            assertThat(verifier.verify(token)).isInstanceOf(Principal.TenantMember.class);
        }

        @Test
        void verify_shouldTolerateSmallClockSkew() {
            String token = issuer.rs256(c -> c.expirationTime(Date.from(TestIssuer.NOW.minusSeconds(30)))
                    .notBeforeTime(Date.from(TestIssuer.NOW.plusSeconds(30))));

            assertThat(verifier.verify(token)).isInstanceOf(Principal.TenantMember.class);
        }

        @Test
        void verify_shouldResolveAPlatformOperator_whenTheTokenHasNoTenantAndThePlatformRole() {
            String token = issuer.rs256(c -> c.claim("custom:tenant_id", null)
                    .claim("cognito:groups", List.of("platform-admin")));

            assertThat(verifier.verify(token)).isEqualTo(new Principal.PlatformOperator("alice"));
        }

        @Test
        void verify_shouldKeepATenantMemberWithoutKnownRoles_forTheAuthorizerToDeny() {
            String token = issuer.rs256(c -> c.claim("cognito:groups", List.of("marketing")));

            assertThat(verifier.verify(token)).isInstanceOfSatisfying(Principal.TenantMember.class,
                    member -> assertThat(member.roles()).isEmpty());
        }
    }

    @Nested
    class Rejects {

        @Test
        void verify_shouldReject_whenExpired() {
            assertRejected(issuer.rs256(c -> c.expirationTime(Date.from(TestIssuer.NOW.minusSeconds(120)))), "Expired JWT");
        }

        @Test
        void verify_shouldReject_whenNotYetValid() {
            assertRejected(issuer.rs256(c -> c.notBeforeTime(Date.from(TestIssuer.NOW.plusSeconds(600)))), "before");
        }

        @Test
        void verify_shouldReject_whenIssuedInTheFuture() {
            assertRejected(issuer.rs256(c -> c.issueTime(Date.from(TestIssuer.NOW.plusSeconds(600)))), "future");
        }

        @Test
        void verify_shouldReject_whenTheIssuerIsWrong() {
            assertRejected(issuer.rs256(c -> c.issuer("https://evil.test/pool")), "iss");
        }

        @Test
        void verify_shouldReject_whenTheAudienceIsWrong() {
            assertRejected(issuer.rs256(c -> c.audience("another-client")), "audience");
        }

        @Test
        void verify_shouldReject_whenThereIsNoAudienceAndNoClientId() {
            assertRejected(issuer.rs256(c -> c.audience((String) null)), "audience");
        }

        @Test
        void verify_shouldReject_whenRequiredClaimsAreMissing() {
            assertRejected(issuer.rs256(c -> c.expirationTime(null)), "exp");
            assertRejected(issuer.rs256(c -> c.issueTime(null)), "iat");
            assertRejected(issuer.rs256(c -> c.subject(null)), "sub");
        }

        @Test
        void verify_shouldReject_algNone() {
            String unsigned = new PlainJWT(issuer.tenantClaims("acme", "admin").build()).serialize();

            assertRejected(unsigned, "compact JWS");
        }

        @Test
        void verify_shouldReject_algNoneWithASignatureAppended() {
            String[] valid = issuer.rs256(issuer.tenantClaims("acme", "admin").build()).split("\\.");
            String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8))
                    .toString();

            assertRejected(noneHeader + "." + valid[1] + "." + valid[2], "not a signed JWT");
        }

        @Test
        void verify_shouldReject_hs256SignedWithThePublicKey() {
            assertRejected(issuer.hs256WithPublicKey(issuer.tenantClaims("acme", "admin").build()), "rejected");
        }

        @Test
        void verify_shouldReject_anUnknownKid() throws Exception {
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-unknown").generate();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-unknown").build(),
                    issuer.tenantClaims("acme", "admin").build());
            jwt.sign(new RSASSASigner(stranger));

            assertRejected(jwt.serialize(), "rejected");
        }

        @Test
        void verify_shouldReject_aKnownKidSignedByAnotherKey() throws Exception {
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                    issuer.tenantClaims("acme", "admin").build());
            jwt.sign(new RSASSASigner(stranger));

            assertRejected(jwt.serialize(), "signature");
        }

        @Test
        void verify_shouldReject_aTokenWithoutKid() {
            String token = issuer.signWithHeader(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                    issuer.tenantClaims("acme", "admin").build());

            assertRejected(token, "signing key");
        }

        @Test
        void verify_shouldReject_aTamperedPayload() {
            String[] parts = issuer.rs256(issuer.tenantClaims("acme", "admin").build()).split("\\.");
            String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                    .replace("\"acme\"", "\"globex\"");
            String tampered = parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

            assertRejected(tampered, "signature");
        }

        @Test
        void verify_shouldReject_anotherSpellingOfAValidToken() {
            String[] parts = issuer.rs256(issuer.tenantClaims("acme", "admin").build()).split("\\.");
            String signature = parts[2];
            char last = signature.charAt(signature.length() - 1);
            char sameBits = "AQgw".indexOf(last) >= 0 ? (char) (last + 1) : last;

            assertRejected(parts[0] + "." + parts[1] + "." + signature + "==", "compact JWS");
            assertRejected(parts[0] + "." + parts[1] + "." + signature.replace('-', '+').replace('_', '/') + "=",
                    "compact JWS");
            assertRejected(parts[0] + "." + parts[1] + "." + signature + " ", "compact JWS");
            if (sameBits != last) {
                assertRejected(parts[0] + "." + parts[1] + "." + signature.substring(0, signature.length() - 1)
                        + sameBits, "canonical");
            }
        }

        @Test
        void verify_shouldReject_garbageAndEmptyTokens() {
            assertRejected("not-a-jwt", "compact JWS");
            assertRejected("", "No bearer token");
            assertRejected(null, "No bearer token");
            assertRejected("a".repeat(9000), "too long");
        }

        @Test
        void verify_shouldReject_whenTheTenantClaimIsMissing() {
            assertRejected(issuer.rs256(c -> c.claim("custom:tenant_id", null)), "names no tenant");
        }

        @Test
        void verify_shouldReject_whenTheTokenNamesSeveralTenants() {
            assertRejected(issuer.rs256(c -> c.claim("custom:tenant_id", List.of("acme", "globex"))), "exactly one");
            assertRejected(issuer.rs256(c -> c.claim("custom:tenant_id", List.of("acme"))), "exactly one");
        }

        @Test
        void verify_shouldReject_whenTheTenantClaimIsNotAString() {
            assertRejected(issuer.rs256(c -> c.claim("custom:tenant_id", 42)), "exactly one");
            assertRejected(issuer.rs256(c -> c.claim("custom:tenant_id", Map.of("id", "acme"))), "exactly one");
        }

        @Test
        void verify_shouldReject_whenTheTenantIdIsInvalid() {
            for (String invalid : List.of("", "acme#1", "*", "ac/me", "ACME", "acmé", "x".repeat(200))) {
                assertRejected(issuer.rs256(c -> c.claim("custom:tenant_id", invalid)), "invalid tenant id");
            }
        }

        @Test
        void verify_shouldReject_whenATenantTokenAlsoClaimsThePlatformRole() {
            assertRejected(issuer.rs256(c -> c.claim("cognito:groups", List.of("admin", "platform-admin"))), "never both");
        }

        @Test
        void verify_shouldReject_whenTheRolesClaimIsMalformed() {
            assertRejected(issuer.rs256(c -> c.claim("cognito:groups", List.of("admin", 7))), "roles claim");
            assertRejected(issuer.rs256(c -> c.claim("cognito:groups", Map.of("admin", true))), "roles claim");
        }

        private void assertRejected(String token, String reason) {
            assertThatThrownBy(() -> verifier.verify(token))
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining(reason)
                    .satisfies(e -> {
                        if (token != null && token.length() > 20) {
                            assertThat(e.getMessage()).doesNotContain(token);
                        }
                    });
        }
    }

    /**
     * The issuer's keys fetched over HTTP from a real server, which a test can take down: an outage of the JWKS is not
     * a reason to call a valid token invalid (issue 12, item 13).
     */
    @Nested
    class WithRemoteKeys {

        private final AtomicBoolean up = new AtomicBoolean(true);
        private final List<Boolean> outages = new ArrayList<>();
        private final HttpServer jwks = jwksServer();

        private HttpServer jwksServer() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
                server.createContext("/jwks.json", exchange -> {
                    byte[] body = new com.nimbusds.jose.jwk.JWKSet(List.of(issuer.rsa.toPublicJWK(),
                            issuer.ec.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);
                    if (!up.get()) {
                        exchange.sendResponseHeaders(503, -1);
                        exchange.close();
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @AfterEach
        void stop() {
            jwks.stop(0);
        }

        private TokenVerifier remote(Duration cachedFor, Duration outageToleratedFor) {
            return remote(cachedFor, cachedFor.dividedBy(4), outageToleratedFor);
        }

        private TokenVerifier remote(Duration cachedFor, Duration refetchAtMostEvery, Duration outageToleratedFor) {
            TokenSettings settings = TokenSettings.of(TestIssuer.ISSUER, TestIssuer.AUDIENCE,
                    URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"));
            return TokenVerifier.forRemoteKeys(settings, Clock.fixed(TestIssuer.NOW, ZoneOffset.UTC), outages::add,
                    cachedFor, refetchAtMostEvery, outageToleratedFor);
        }

        private String validToken() {
            return issuer.rs256(issuer.tenantClaims("acme", "admin").build());
        }

        @Test
        void verify_shouldFailAsUnavailable_notAsAnInvalidToken_whenTheKeysCannotBeFetched() {
            up.set(false);
            TokenVerifier verifier = remote(Duration.ofMinutes(15), Duration.ofHours(1));

            assertThatThrownBy(() -> verifier.verify(validToken()))
                    .isInstanceOf(SigningKeysUnavailableException.class)
                    .isNotInstanceOf(InvalidTokenException.class);
            assertThat(outages).as("the monitor is told, nothing was served").containsExactly(false);
        }

        @Test
        void verify_shouldVerifyAgain_onceTheKeysCanBeFetched_forNothingWasCached() {
            up.set(false);
            TokenVerifier verifier = remote(Duration.ofMinutes(15), Duration.ofHours(1));
            assertThatThrownBy(() -> verifier.verify(validToken())).isInstanceOf(SigningKeysUnavailableException.class);

            up.set(true);

            assertThat(verifier.verify(validToken())).isInstanceOf(Principal.TenantMember.class);
        }

        @Test
        void verify_shouldKeepVerifyingWithTheKeysFetchedBefore_duringAShortOutage() throws InterruptedException {
            TokenVerifier verifier = remote(Duration.ofMillis(200), Duration.ofHours(1));
            assertThat(verifier.verify(validToken())).isInstanceOf(Principal.TenantMember.class);

            up.set(false);
            Thread.sleep(400); // past the cache's time to live: the keys must be fetched again, and cannot be

            assertThat(verifier.verify(validToken())).isInstanceOf(Principal.TenantMember.class);
            assertThat(outages).as("the tolerated outage is counted").contains(true).doesNotContain(false);
        }

        @Test
        void verify_shouldFailAsUnavailable_onceTheOutageOutlastsItsTolerance() throws InterruptedException {
            TokenVerifier verifier = remote(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(verifier.verify(validToken())).isInstanceOf(Principal.TenantMember.class);

            up.set(false);
            Thread.sleep(600);

            assertThatThrownBy(() -> verifier.verify(validToken())).isInstanceOf(SigningKeysUnavailableException.class);
        }

        @Test
        void verify_shouldRejectAnUnknownKid_asAnInvalidToken_evenWhenItsRefetchIsRateLimited() throws Exception {
            TokenVerifier verifier = remote(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofHours(1));
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-unknown").generate();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-unknown").build(),
                    issuer.tenantClaims("acme", "admin").build());
            jwt.sign(new RSASSASigner(stranger));

            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> verifier.verify(jwt.serialize())).as("attempt %d", attempt)
                        .isInstanceOf(InvalidTokenException.class);
            }
            assertThat(outages).isEmpty();
        }
    }

    /**
     * Cognito's two token shapes (issue 12, item 14; issue 19). A deployment accepts one kind, access tokens by
     * default; a token that says another kind is refused, and the accepted kind must carry the tenant claim (the CDK
     * app's pre-token-generation trigger adds it to Cognito's access tokens), so a token of it without one is a
     * platform operator's or nobody's.
     */
    @Nested
    class TokenKinds {

        private final TokenVerifier idTokens = new TokenVerifier(issuer.settings().withTokenUse(TokenUse.ID),
                issuer.publicKeys(), Clock.fixed(TestIssuer.NOW, ZoneOffset.UTC));

        @Test
        void verify_shouldAcceptACognitoAccessTokenThatNamesItsTenant_byDefault() {
            String token = issuer.rs256(issuer.cognitoAccessClaims("operator")
                    .claim("custom:tenant_id", "acme").build());

            assertThat(verifier.verify(token)).isEqualTo(new Principal.TenantMember(TenantId.of("acme"), "alice",
                    java.util.Set.of(TenantRole.OPERATOR)));
        }

        @Test
        void verify_shouldAcceptACognitoAccessToken_ofAPlatformOperator_byDefault() {
            String token = issuer.rs256(issuer.cognitoAccessClaims("platform-admin").build());

            assertThat(verifier.verify(token)).isEqualTo(new Principal.PlatformOperator("alice"));
        }

        @Test
        void verify_shouldRejectACognitoIdToken_byDefault() {
            String token = issuer.rs256(issuer.cognitoIdClaims("acme", "admin").build());

            assertRejectedBy(verifier, token, "token_use id not accepted");
        }

        @Test
        void verify_shouldAcceptACognitoIdToken_ofATenantMember_whenIdTokensAreChosen() {
            Principal principal = idTokens.verify(issuer.rs256(issuer.cognitoIdClaims("acme", "admin").build()));

            assertThat(principal).isEqualTo(new Principal.TenantMember(TenantId.of("acme"), "alice",
                    java.util.Set.of(TenantRole.ADMIN)));
        }

        @Test
        void verify_shouldAcceptACognitoIdToken_ofAPlatformOperator_whenIdTokensAreChosen() {
            String token = issuer.rs256(issuer.cognitoIdClaims("acme", "platform-admin")
                    .claim("custom:tenant_id", null).build());

            assertThat(idTokens.verify(token)).isEqualTo(new Principal.PlatformOperator("alice"));
        }

        @Test
        void verify_shouldRejectAnAccessToken_whenIdTokensAreChosen() {
            String token = issuer.rs256(issuer.cognitoAccessClaims("admin")
                    .claim("custom:tenant_id", "acme").build());

            assertRejectedBy(idTokens, token, "token_use access not accepted");
        }

        @Test
        void verify_shouldRejectATokenOfATenantMemberInPlatformAdmin_ofEitherKind() {
            String idToken = issuer.rs256(issuer.cognitoIdClaims("acme", "admin", "platform-admin").build());
            String accessToken = issuer.rs256(issuer.cognitoAccessClaims("admin", "platform-admin")
                    .claim("custom:tenant_id", "acme").build());

            assertRejectedBy(idTokens, idToken, "never both");
            assertRejectedBy(verifier, accessToken, "never both");
        }

        @Test
        void verify_shouldLookForTheAppClientWhereTheTokensKindPutsIt() {
            String idTokenWithClientIdOnly = issuer.rs256(issuer.cognitoIdClaims("acme", "admin")
                    .audience((String) null).claim("client_id", TestIssuer.AUDIENCE).build());
            String accessTokenWithAudOnly = issuer.rs256(issuer.cognitoAccessClaims("admin")
                    .claim("custom:tenant_id", "acme").claim("client_id", null).audience(TestIssuer.AUDIENCE).build());

            assertRejectedBy(idTokens, idTokenWithClientIdOnly, "audience");
            assertRejectedBy(verifier, accessTokenWithAudOnly, "audience");
        }

        @Test
        void verify_shouldRejectATokenUseItDoesNotKnow() {
            for (Object kind : List.of("refresh", "", "ID", 1, List.of("id"))) {
                String token = issuer.rs256(issuer.cognitoIdClaims("acme", "admin").claim("token_use", kind).build());

                assertRejectedBy(verifier, token, "token_use not recognised");
            }
        }

        @Test
        void tokenSettings_shouldAcceptAccessTokens_byDefault() {
            assertThat(issuer.settings().tokenUse()).isEqualTo(TokenUse.ACCESS);
        }

        private void assertRejectedBy(TokenVerifier verifying, String token, String reason) {
            assertThatThrownBy(() -> verifying.verify(token))
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining(reason);
        }
    }
}
