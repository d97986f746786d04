package com.execalc.infra;

import com.execalc.wiring.Setting;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The context options a deployment may set, their defaults, and the mistakes that stop synthesis early. */
class DeploymentSettingsTest {

    private static DeploymentSettings settings(Map<String, Object> context) {
        return DeploymentSettings.fromContext(App.Builder.create().context(context).build().getNode());
    }

    /** The settings on a machine without a JDK 25. */
    private static DeploymentSettings withoutJdk25(Map<String, Object> context) {
        return DeploymentSettings.fromContext(App.Builder.create().context(context).build().getNode(),
                java.util.Optional::empty);
    }

    @Test
    void withoutContext_shouldIsolateTenants_cacheDecisionsFor300Seconds_andUseCognito() {
        DeploymentSettings settings = settings(Map.of());

        assertThat(settings.tenancyMode()).isEqualTo(DeploymentSettings.TenancyMode.ISOLATED);
        assertThat(settings.authorizerCacheTtl().toSeconds().intValue()).isEqualTo(300);
        assertThat(settings.externalIssuer()).isEmpty();
        assertThat(settings.functionsJar()).endsWith(Path.of("functions/target/execalc-functions-lambda.jar"));
        assertThat(settings.accountRateLimit()).isEqualTo(10_000);
    }

    @Test
    void offboardingGraceDays_shouldBe30ByDefault_andAWholeNumberFrom0To3650() {
        assertThat(settings(Map.of()).offboardingGraceDays()).isEqualTo(30);
        assertThat(settings(Map.of("offboardingGraceDays", "0")).offboardingGraceDays()).isZero();
        assertThatThrownBy(() -> settings(Map.of("offboardingGraceDays", "soon"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> settings(Map.of("offboardingGraceDays", "-1"))).hasMessageContaining("0 to 3650");
    }

    @Test
    void auditDigestSeconds_shouldDefaultToAnHour_andBeWholeMinutesUpToADay() {
        assertThat(settings(Map.of()).auditDigestPeriod().toSeconds().intValue()).isEqualTo(3600);
        assertThat(settings(Map.of("auditDigestSeconds", "600")).auditDigestPeriod().toMinutes().intValue())
                .isEqualTo(10);
        for (String refused : new String[] {"90", "30", "86460", "hourly"}) {
            assertThatThrownBy(() -> settings(Map.of("auditDigestSeconds", refused))).as(refused)
                    .hasMessageContaining("auditDigestSeconds");
        }
    }

    @Test
    void accountRateLimit_shouldBeAPositiveWholeNumber() {
        assertThat(settings(Map.of("accountRateLimit", "20000")).accountRateLimit()).isEqualTo(20_000);
        assertThatThrownBy(() -> settings(Map.of("accountRateLimit", "lots"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> settings(Map.of("accountRateLimit", "0"))).hasMessageContaining("positive");
    }

    @Test
    void tenancyMode_shouldAcceptSharedAndIsolated_andRefuseAnythingElse() {
        assertThat(settings(Map.of("tenancyMode", "shared")).tenancyMode())
                .isEqualTo(DeploymentSettings.TenancyMode.SHARED);
        assertThat(settings(Map.of("tenancyMode", "isolated")).tenancyMode())
                .isEqualTo(DeploymentSettings.TenancyMode.ISOLATED);
        assertThatThrownBy(() -> settings(Map.of("tenancyMode", "pooled")))
                .hasMessageContaining("tenancyMode must be 'isolated' or 'shared'");
    }

    @Test
    void theAuthorizerCache_shouldBeFrom0To3600Seconds() {
        assertThat(settings(Map.of("authorizerCacheTtlSeconds", 0)).authorizerCacheTtl().toSeconds().intValue()).isZero();
        assertThatThrownBy(() -> settings(Map.of("authorizerCacheTtlSeconds", "3601")))
                .hasMessageContaining("from 0 to 3600");
        assertThatThrownBy(() -> settings(Map.of("authorizerCacheTtlSeconds", "5m")))
                .hasMessageContaining("whole number");
    }

    @Test
    void anExternalIssuer_shouldNeedIssuerAudienceAndKeys_together_overHttps() {
        assertThatThrownBy(() -> settings(Map.of("issuer", "https://idp.example.com")))
                .hasMessageContaining("issuer, audience and jwks-uri");
        assertThatThrownBy(() -> settings(Map.of("issuer", "http://idp.example.com", "audience", "a",
                "jwks-uri", "https://idp.example.com/keys")))
                .hasMessageContaining("https://");
    }

    @Test
    void theContextKeysOfEarlierVersions_shouldBeRefused_withTheirNewName() {
        assertThatThrownBy(() -> settings(Map.of("jwtIssuer", "https://idp.example.com")))
                .hasMessageContaining("jwtIssuer is now issuer");
        assertThatThrownBy(() -> settings(Map.of("rolesClaim", "groups")))
                .hasMessageContaining("rolesClaim is now roles-claim");
    }

    @Test
    void theIdentityOptions_shouldDefaultAsTheFunctionsDo_andTakeTheirContextKeys() {
        DeploymentSettings settings = settings(Map.of("roles-claim", "realm_access.roles", "token-use", "id"));

        assertThat(settings.tokenOptions()).containsEntry(Setting.ROLES_CLAIM, "realm_access.roles")
                .containsEntry(Setting.JWT_TOKEN_USE, "id")
                .containsEntry(Setting.JWT_CLOCK_SKEW_SECONDS, "60")
                .containsEntry(Setting.JWT_ALGORITHMS, "RS256,ES256,PS256")
                .doesNotContainKeys(Setting.JWT_ISSUER, Setting.JWT_AUDIENCE, Setting.JWKS_URI);
    }

    @Test
    void aBadIdentityOption_shouldFailTheSynthesis_namingItsContextKey() {
        assertThatThrownBy(() -> settings(Map.of("algorithms", "HS256")))
                .hasMessageContaining("context algorithms");
        assertThatThrownBy(() -> settings(Map.of("role-map", "Admins=root")))
                .hasMessageContaining("context role-map");
        assertThatThrownBy(() -> settings(Map.of("token-use", "refresh")))
                .hasMessageContaining("context token-use");
        assertThatThrownBy(() -> settings(Map.of("clock-skew", "600")))
                .hasMessageContaining("context clock-skew");
    }

    @Test
    void runtime_shouldDefaultToAot_acceptManaged_andRefuseAnythingElse() {
        assertThat(settings(Map.of()).runtime()).isEqualTo(DeploymentSettings.FunctionRuntime.AOT);
        assertThat(settings(Map.of("runtime", "managed")).runtime())
                .isEqualTo(DeploymentSettings.FunctionRuntime.MANAGED);
        assertThatThrownBy(() -> settings(Map.of("runtime", "java25")))
                .hasMessageContaining("runtime must be 'aot' or 'managed'");
    }

    @Test
    void theAotRuntime_withoutAJdk25_shouldFail_sayingWhereItLooked_andThatManagedIsTheAlternative() {
        DeploymentSettings settings = withoutJdk25(Map.of("functionPackages",
                Synthesized.standInPackages(Synthesized.JDK.architecture()).toString()));

        assertThatThrownBy(settings::requireFunctionPackages)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JAVA25_HOME")
                .hasMessageContaining("/usr/lib/jvm")
                .hasMessageContaining("-c runtime=managed");
    }

    @Test
    void theManagedRuntime_shouldNotLookForAJdk25() {
        DeploymentSettings settings = DeploymentSettings.fromContext(
                App.Builder.create().context(Map.of("runtime", "managed")).build().getNode(), () -> {
                    throw new AssertionError("looked for a JDK 25");
                });

        assertThat(settings.jdk25()).isEmpty();
    }

    @Test
    void theAotRuntime_withoutThePackages_shouldFail_withTheCommandThatBuildsThem_andTheAlternative() {
        DeploymentSettings settings = settings(Map.of("functionPackages", "target/no-such-packages"));

        assertThatThrownBy(settings::requireFunctionPackages)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("authorizer.zip does not exist")
                .hasMessageContaining("./execalc package")
                .hasMessageContaining("-c runtime=managed");
    }

    @Test
    void packagesOfAnotherJdkBuild_shouldFail_asking_toRepackage() throws java.io.IOException {
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("old-packages");
        for (com.execalc.packaging.PackagedFunction function : com.execalc.packaging.PackagedFunction.values()) {
            java.nio.file.Files.copy(function.zip(Synthesized.standInPackages(Synthesized.JDK.architecture())),
                    function.zip(folder));
        }
        com.execalc.packaging.Jdk25 newer = new com.execalc.packaging.Jdk25(Synthesized.JDK.home(), "25.9.9+1",
                Synthesized.JDK.implementor(), Synthesized.JDK.architecture());
        DeploymentSettings settings = DeploymentSettings.fromContext(App.Builder.create()
                .context(Map.of("functionPackages", folder.toString())).build().getNode(),
                () -> java.util.Optional.of(newer));

        assertThatThrownBy(settings::requireFunctionPackages)
                .hasMessageContaining("was packed from JDK " + Synthesized.JDK.build())
                .hasMessageContaining("repackage with ./execalc package");
    }

    @Test
    void aMissingFunctionsJar_shouldFailSynthesis_withTheCommandThatBuildsIt() {
        DeploymentSettings settings = settings(Map.of("functionsJar", "target/no-such.jar"));

        assertThatThrownBy(settings::requireFunctionsJar)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such.jar does not exist")
                .hasMessageContaining("./execalc synth");
    }
}
