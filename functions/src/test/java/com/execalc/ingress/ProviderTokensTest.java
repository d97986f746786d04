package com.execalc.ingress;

import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The identity settings of issue 19 in the verifier: accepted algorithms and {@code typ}, claims at dotted paths, and
 * provider role values mapped to Execalc roles. The providers' own token shapes, minted by an independent library, are
 * in the local module's {@code IdentityProvidersTest}.
 */
class ProviderTokensTest {

    private final TestIssuer issuer = new TestIssuer();

    private TokenVerifier verifier(TokenSettings settings) {
        return new TokenVerifier(settings, issuer.publicKeys(), Clock.fixed(TestIssuer.NOW, ZoneOffset.UTC));
    }

    private String rs256WithType(String typ) {
        return issuer.signWithHeader(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuer.rsa.getKeyID())
                .type(new JOSEObjectType(typ)).build(), issuer.tenantClaims("acme", "admin").build());
    }

    @Test
    void verify_shouldAcceptRfc9068AccessTokens_andJwt_byDefault_inAnySpellingOfTheMediaType() {
        TokenVerifier verifier = verifier(issuer.settings());

        for (String typ : List.of("at+jwt", "application/at+jwt", "AT+JWT", "JWT")) {
            assertThat(verifier.verify(rs256WithType(typ))).as(typ).isInstanceOf(Principal.TenantMember.class);
        }
    }

    @Test
    void verify_shouldRefuseATypItDoesNotAccept() {
        assertThatThrownBy(() -> verifier(issuer.settings()).verify(rs256WithType("secevent+jwt")))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("typ");
    }

    @Test
    void verify_shouldAcceptPs256_byDefault_andRefuseAnAlgorithmTheSettingsLeaveOut() {
        String token = issuer.signWithHeader(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(issuer.rsa.getKeyID())
                .build(), issuer.tenantClaims("acme", "admin").build());
        TokenSettings rs256Only = new TokenSettings(TestIssuer.ISSUER, TestIssuer.AUDIENCE,
                issuer.settings().jwksUri(), issuer.settings().tenantClaim(), issuer.settings().rolesClaim(),
                RoleMap.identity(), TokenUse.ACCESS, Set.of("RS256"), TokenSettings.defaultTokenTypes(),
                TokenSettings.DEFAULT_CLOCK_SKEW);

        assertThat(verifier(issuer.settings()).verify(token)).isInstanceOf(Principal.TenantMember.class);
        assertThatThrownBy(() -> verifier(rs256Only).verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void verify_shouldReadNestedClaims_andMapTheProvidersRoles() {
        TokenSettings keycloak = issuer.settings().withClaims("org.tenant", "realm_access.roles",
                RoleMap.parse("execalc-operator=operator,execalc-ops=platform-admin"));
        String member = issuer.rs256(issuer.tenantClaims("acme").claim("org", Map.of("tenant", "acme"))
                .claim("realm_access", Map.of("roles", List.of("offline_access", "execalc-operator"))).build());
        String operator = issuer.rs256(issuer.tenantClaims("acme").claim("custom:tenant_id", null)
                .claim("realm_access", Map.of("roles", List.of("execalc-ops"))).build());

        assertThat(verifier(keycloak).verify(member)).isEqualTo(new Principal.TenantMember(TenantId.of("acme"), "alice",
                Set.of(TenantRole.OPERATOR)));
        assertThat(verifier(keycloak).verify(operator)).isEqualTo(new Principal.PlatformOperator("alice"));
    }

    @Test
    void verify_shouldGrantNothingForAnUnmappedValue_evenOneSpelledLikeAnExecalcRole() {
        TokenSettings mapped = issuer.settings().withClaims("custom:tenant_id", "cognito:groups",
                RoleMap.parse("Execalc-Admins=admin"));
        String token = issuer.rs256(issuer.tenantClaims("acme", "admin", "platform-admin").build());

        Principal principal = verifier(mapped).verify(token);

        assertThat(principal).isEqualTo(new Principal.TenantMember(TenantId.of("acme"), "alice", Set.of()));
    }
}
