package com.execalc.local;

import com.execalc.ingress.TokenUse;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local issuer as an OIDC issuer (issue 17's last item, issue 19): a discovery document any OIDC library can
 * find the keys by, both of Cognito's token kinds, and a stack that verifies another provider's tokens instead.
 */
@ExtendWith(LocalCloudExtension.class)
class LocalOidcIssuerTest {

    @Test
    void theDiscoveryDocument_shouldNameTheIssuerAndTheKeysTheAuthorizerVerifiesWith(LocalCloud stack) {
        ApiClient api = new ApiClient(stack.baseUri());
        JsonNode document = api.get("/_local/.well-known/openid-configuration", null).json();

        assertThat(document.path("issuer").asText()).isEqualTo(stack.baseUri() + "/_local")
                .isEqualTo(stack.functionConfiguration().tokenSettings().issuer());
        assertThat(document.path("jwks_uri").asText())
                .isEqualTo(stack.functionConfiguration().tokenSettings().jwksUri().toString());
        assertThat(document.path("id_token_signing_alg_values_supported")).extracting(JsonNode::asText)
                .containsExactly("RS256");
        assertThat(document.path("subject_types_supported")).isNotEmpty();
        assertThat(document.path("response_types_supported")).isNotEmpty();
    }

    @Test
    void theKeysTheDocumentNames_shouldBeServedThere(LocalCloud stack) {
        ApiClient api = new ApiClient(stack.baseUri());
        String jwksUri = api.get("/_local/.well-known/openid-configuration", null).json().path("jwks_uri").asText();

        ApiClient.Response keys = api.get(jwksUri.substring(stack.baseUri().toString().length()), null);

        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.json().path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
    }

    @Test
    void theTokenEndpoint_shouldMintAccessTokensByDefault_andIdTokensWhenAsked(LocalCloud stack) throws Exception {
        ApiClient api = new ApiClient(stack.baseUri());
        String access = api.send("POST", "/_local/token", null,
                "{\"tenant\":\"acme\",\"sub\":\"alice\",\"roles\":[\"admin\"]}", Map.of()).json().get("token").asText();
        String id = api.send("POST", "/_local/token", null,
                "{\"tenant\":\"acme\",\"sub\":\"alice\",\"roles\":[\"admin\"],\"tokenUse\":\"id\"}", Map.of())
                .json().get("token").asText();

        var accessClaims = SignedJWT.parse(access).getJWTClaimsSet();
        var idClaims = SignedJWT.parse(id).getJWTClaimsSet();
        assertThat(accessClaims.getClaim("token_use")).isEqualTo("access");
        assertThat(accessClaims.getClaim("client_id")).isEqualTo(LocalIssuer.AUDIENCE);
        assertThat(accessClaims.getAudience()).isEmpty();
        assertThat(accessClaims.getClaim("custom:tenant_id")).isEqualTo("acme");
        assertThat(idClaims.getClaim("token_use")).isEqualTo("id");
        assertThat(idClaims.getAudience()).containsExactly(LocalIssuer.AUDIENCE);
        assertThat(idClaims.getClaim("custom:tenant_id")).isEqualTo("acme");
    }

    @Test
    void theTokenEndpoint_shouldRefuseAKindItDoesNotKnow(LocalCloud stack) {
        ApiClient.Response response = new ApiClient(stack.baseUri()).send("POST", "/_local/token", null,
                "{\"tenant\":\"acme\",\"sub\":\"alice\",\"roles\":[\"admin\"],\"tokenUse\":\"refresh\"}", Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("tokenUse");
    }

    @Test
    void aLocalIdToken_shouldBeRefused_byTheDefaultStack_asADeploymentRefusesIt(LocalCloud stack) {
        ApiClient api = new ApiClient(stack.baseUri());
        String tenant = ApiClient.uniqueTenant("oidc");
        api.registerTenant(tenant);
        String id = stack.issuer().mint(tenant, "alice", List.of("admin"), Duration.ofMinutes(5), TokenUse.ID);
        String access = stack.issuer().mint(tenant, "alice", List.of("admin"), Duration.ofMinutes(5));

        assertThat(api.get("/me", id).status()).isEqualTo(401);
        assertThat(api.get("/me", access).status()).isEqualTo(200);
    }

    /** The other provider here is the shared stack's issuer: a real one, whose keys are served over HTTP. */
    @Test
    void aStackGivenAnotherIssuer_shouldVerifyThatIssuersTokens_andNoLongerItsOwn(LocalCloud provider)
            throws Exception {
        Map<String, String> identity = Map.of(Setting.JWT_ISSUER.variable(), provider.issuer().issuer(),
                Setting.JWT_AUDIENCE.variable(), LocalIssuer.AUDIENCE,
                Setting.JWKS_URI.variable(), provider.issuer().jwksUri());
        try (LocalCloud other = LocalCloud.start(0, Dynalite.inMemory(),
                Files.createTempDirectory("execalc-audit-logs"), false, identity)) {
            ApiClient api = new ApiClient(other.baseUri());
            String own = other.issuer().mint(null, "ops", List.of("platform-admin"), Duration.ofMinutes(5));
            String providers = provider.issuer().mint(null, "ops", List.of("platform-admin"), Duration.ofMinutes(5));

            assertThat(other.functionConfiguration().tokenSettings().issuer()).isEqualTo(provider.issuer().issuer());
            assertThat(api.get("/tenants/nobody-here", own).status()).isEqualTo(401);
            assertThat(api.get("/tenants/nobody-here", providers).status()).isEqualTo(404);
        }
    }
}
