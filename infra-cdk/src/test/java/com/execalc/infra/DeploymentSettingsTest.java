package com.execalc.infra;

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
        assertThatThrownBy(() -> settings(Map.of("jwtIssuer", "https://idp.example.com")))
                .hasMessageContaining("jwtIssuer, jwtAudience and jwksUri");
        assertThatThrownBy(() -> settings(Map.of("jwtIssuer", "http://idp.example.com", "jwtAudience", "a",
                "jwksUri", "https://idp.example.com/keys")))
                .hasMessageContaining("https://");
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
