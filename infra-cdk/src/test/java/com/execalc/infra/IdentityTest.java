package com.execalc.infra;

import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may hold a token: the Cognito pool by default, or an external OIDC issuer named in context. */
class IdentityTest {

    @Nested
    class CognitoByDefault {

        private final Synthesized app = Synthesized.defaults();

        @Test
        void theUserPool_shouldCarryTheTenantInAnImmutableCustomAttribute() {
            JsonNode schema = app.properties("UserPool").path("Schema");

            assertThat(schema).anySatisfy(attribute -> {
                assertThat(attribute.path("Name").asText()).isEqualTo("tenant_id");
                assertThat(attribute.path("Mutable").asBoolean(true)).isFalse();
                assertThat(attribute.path("AttributeDataType").asText()).isEqualTo("String");
            });
        }

        @Test
        void theUserPool_shouldHaveAGroupPerTenantRole_andThePlatformAdminGroup() {
            assertThat(app.resources("AWS::Cognito::UserPoolGroup").values())
                    .extracting(group -> group.at("/Properties/GroupName").asText())
                    .containsExactlyInAnyOrder("viewer", "operator", "admin", "platform-admin");
        }

        @Test
        void nobody_shouldSignThemselvesUp_andEveryUserNeedsMfa() {
            JsonNode pool = app.properties("UserPool");

            assertThat(pool.at("/AdminCreateUserConfig/AllowAdminCreateUserOnly").asBoolean()).isTrue();
            assertThat(pool.path("MfaConfiguration").asText()).isEqualTo("ON");
        }

        @Test
        void theAppClient_shouldReadButNeverWriteTheTenantAttribute() {
            JsonNode client = app.resources("AWS::Cognito::UserPoolClient").values().iterator().next()
                    .path("Properties");

            assertThat(client.path("ReadAttributes")).extracting(JsonNode::asText).contains("custom:tenant_id");
            assertThat(client.path("WriteAttributes")).extracting(JsonNode::asText)
                    .isNotEmpty().doesNotContain("custom:tenant_id");
            assertThat(client.path("GenerateSecret").asBoolean()).isFalse();
        }

        @Test
        void theAppClient_shouldSignInBySrp_orByAdminPasswordForOperatorsWithAwsCredentials_only() {
            JsonNode client = app.resources("AWS::Cognito::UserPoolClient").values().iterator().next()
                    .path("Properties");

            assertThat(client.path("ExplicitAuthFlows")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                    "ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
        }

        @Test
        void theAuthorizer_shouldTrustThePoolsIssuerKeysAndClient() {
            JsonNode environment = app.properties("AuthorizerFunction").at("/Environment/Variables");
            String client = app.resources("AWS::Cognito::UserPoolClient").keySet().iterator().next();

            assertThat(environment.path(Setting.JWT_ISSUER.variable()).toString())
                    .contains("\"https://cognito-idp.\"").contains("{\"Ref\":\"AWS::Region\"}")
                    .contains("\".amazonaws.com/\"").contains("{\"Ref\":\"UserPool\"}");
            assertThat(environment.path(Setting.JWKS_URI.variable()).toString()).endsWith("\"/.well-known/jwks.json\"]]}");
            assertThat(environment.path(Setting.JWT_AUDIENCE.variable()).toString()).isEqualTo("{\"Ref\":\"" + client + "\"}");
        }

        @Test
        void theAuthorizer_shouldGetEveryIdentitySetting_withTheDefaults_theClockSkewIncluded() {
            JsonNode environment = app.properties("AuthorizerFunction").at("/Environment/Variables");

            for (Setting setting : Setting.identitySettings()) {
                setting.defaultValue().ifPresent(value -> assertThat(environment.path(setting.variable()).asText())
                        .as(setting.variable()).isEqualTo(value));
            }
            assertThat(environment.path(Setting.JWT_CLOCK_SKEW_SECONDS.variable()).asText()).isEqualTo("60");
            assertThat(environment.path(Setting.JWT_TOKEN_USE.variable()).asText()).isEqualTo("access");
        }

        @Test
        void theUserPool_shouldRunThePreTokenGenerationTriggerOnV2Events_onTheEssentialsPlan() {
            JsonNode pool = app.properties("UserPool");

            assertThat(pool.at("/UserPoolTier").asText()).isEqualTo("ESSENTIALS");
            assertThat(pool.at("/LambdaConfig/PreTokenGenerationConfig/LambdaVersion").asText()).isEqualTo("V2_0");
            assertThat(pool.at("/LambdaConfig/PreTokenGenerationConfig/LambdaArn").toString())
                    .contains("PreTokenGenerationFunction");
        }

        @Test
        void theTrigger_shouldBeTinyInlineNode_namingTheTenantClaim_andOnlyCognitoMayInvokeIt() {
            JsonNode trigger = app.properties("PreTokenGenerationFunction");

            assertThat(trigger.path("Runtime").asText()).startsWith("nodejs");
            assertThat(trigger.path("MemorySize").asInt()).isEqualTo(128);
            assertThat(trigger.at("/Code/ZipFile").asText()).isEqualTo(Identity.triggerSource());
            assertThat(trigger.at("/Environment/Variables/" + Setting.TENANT_CLAIM.variable()).asText())
                    .isEqualTo("custom:tenant_id");
            assertThat(app.resources("AWS::Lambda::Permission").values())
                    .filteredOn(permission -> permission.at("/Properties/FunctionName").toString()
                            .contains("PreTokenGenerationFunction"))
                    .singleElement()
                    .satisfies(permission -> assertThat(permission.at("/Properties/Principal").asText())
                            .isEqualTo("cognito-idp.amazonaws.com"));
        }

        @Test
        void theUserPool_shouldSurviveTheStack() {
            assertThat(app.json().at("/Resources/UserPool/DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(app.properties("UserPool").path("DeletionProtection").asText()).isEqualTo("ACTIVE");
        }
    }

    @Nested
    class ExternalIssuer {

        private final Synthesized app = Synthesized.alternative();

        @Test
        void noUserPool_shouldBeCreated_norItsTrigger() {
            assertThat(app.resources("AWS::Cognito::UserPool")).isEmpty();
            assertThat(app.json().at("/Resources/PreTokenGenerationFunction").isMissingNode()).isTrue();
        }

        @Test
        void theAuthorizer_shouldVerifyAgainstTheConfiguredIssuer_withItsClaims() {
            JsonNode environment = app.properties("AuthorizerFunction").at("/Environment/Variables");

            assertThat(environment.path(Setting.JWT_ISSUER.variable()).asText()).isEqualTo("https://idp.example.com/");
            assertThat(environment.path(Setting.JWT_AUDIENCE.variable()).asText()).isEqualTo("execalc-api");
            assertThat(environment.path(Setting.JWKS_URI.variable()).asText()).isEqualTo("https://idp.example.com/.well-known/jwks.json");
            assertThat(environment.path(Setting.TENANT_CLAIM.variable()).asText()).isEqualTo("https://example.com/tenant");
            assertThat(environment.path(Setting.ROLES_CLAIM.variable()).asText()).isEqualTo("https://example.com/roles");
            assertThat(environment.path(Setting.ROLE_MAP.variable()).asText())
                    .isEqualTo("Execalc-Admins=admin,Readers=viewer");
            assertThat(environment.path(Setting.JWT_CLOCK_SKEW_SECONDS.variable()).asText()).isEqualTo("30");
        }
    }
}
