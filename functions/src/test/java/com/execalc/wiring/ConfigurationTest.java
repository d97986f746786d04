package com.execalc.wiring;

import com.execalc.ingress.TokenSettings;
import com.execalc.ingress.TokenUse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings the functions read from their environment: the authorizer's token settings (defaults, and a refusal
 * to start on a bad one), and the digester's. */
class ConfigurationTest {

    private static Configuration with(Setting setting, String value) {
        Map<String, String> env = new HashMap<>(Map.of(Setting.JWT_ISSUER.variable(), "https://issuer.test/pool",
                Setting.JWT_AUDIENCE.variable(), "client", Setting.JWKS_URI.variable(), "https://issuer.test/jwks.json"));
        if (value != null) {
            env.put(setting.variable(), value);
        }
        return Configuration.of(env);
    }

    @Test
    void tokenSettings_shouldHaveTheDocumentedDefaults_whenOnlyTheIssuerIsSet() {
        TokenSettings settings = with(Setting.JWT_TOKEN_USE, null).tokenSettings();

        assertThat(settings.tokenUse()).isEqualTo(TokenUse.ACCESS);
        assertThat(settings.algorithms()).isEqualTo(TokenSettings.defaultAlgorithms());
        assertThat(settings.tokenTypes()).isEqualTo(TokenSettings.defaultTokenTypes());
        assertThat(settings.clockSkew()).isEqualTo(TokenSettings.DEFAULT_CLOCK_SKEW);
        assertThat(settings.tenantClaim().path()).isEqualTo(TokenSettings.DEFAULT_TENANT_CLAIM);
        assertThat(settings.roleMap().entries()).isEmpty();
    }

    @Test
    void tokenSettings_shouldAcceptTheKindJwtTokenUseNames() {
        assertThat(with(Setting.JWT_TOKEN_USE, "id").tokenSettings().tokenUse()).isEqualTo(TokenUse.ID);
        assertThat(with(Setting.JWT_TOKEN_USE, "access").tokenSettings().tokenUse()).isEqualTo(TokenUse.ACCESS);
    }

    @Test
    void tokenSettings_shouldReadTheRoleMapAlgorithmsTypesAndSkew() {
        assertThat(with(Setting.ROLE_MAP, "Execalc-Admins=admin, Readers = viewer").tokenSettings().roleMap().entries())
                .isEqualTo(Map.of("Execalc-Admins", "admin", "Readers", "viewer"));
        assertThat(with(Setting.JWT_ALGORITHMS, "PS256").tokenSettings().algorithms()).containsExactly("PS256");
        assertThat(with(Setting.JWT_TOKEN_TYPES, "at+jwt").tokenSettings().tokenTypes()).containsExactly("at+jwt");
        assertThat(with(Setting.JWT_CLOCK_SKEW_SECONDS, "5").tokenSettings().clockSkew())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void tokenSettings_shouldRefuseToStart_onABadSetting_namingTheVariable() {
        Map<Setting, String[]> invalid = Map.of(
                Setting.JWT_TOKEN_USE, new String[] {"", "refresh", "ID", "id,access", "id;access"},
                Setting.ROLE_MAP, new String[] {"Admins", "Admins=root", "A=admin,A=viewer", "=admin"},
                Setting.JWT_ALGORITHMS, new String[] {"HS256", "none", "RS256,", "", "RS256,HS256"},
                Setting.JWT_TOKEN_TYPES, new String[] {"", "JWT,", "J W T"},
                Setting.JWT_CLOCK_SKEW_SECONDS, new String[] {"-1", "301", "sixty"},
                Setting.TENANT_CLAIM, new String[] {"", "tenant id"},
                Setting.JWKS_URI, new String[] {"jwks.json", "ftp://issuer.test/jwks.json"});
        invalid.forEach((setting, values) -> {
            for (String value : values) {
                assertThatThrownBy(() -> with(setting, value).tokenSettings()).as(setting + "=" + value)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(setting.variable());
            }
        });
    }

    @Test
    void theIdentitySettings_shouldEachHaveAnOptionName_andBeFoundByIt() {
        assertThat(Setting.identitySettings()).contains(Setting.JWT_ISSUER, Setting.ROLE_MAP, Setting.JWT_CLOCK_SKEW_SECONDS)
                .doesNotContain(Setting.DATA_TABLE_ARN);
        for (Setting setting : Setting.identitySettings()) {
            assertThat(Setting.byOption(setting.option().orElseThrow().name())).isEqualTo(Optional.of(setting));
        }
        assertThat(Setting.byOption("jwks-uri")).contains(Setting.JWKS_URI);
        assertThat(Setting.byOption("jwksUri")).isEmpty();
    }

    @Test
    void theDigestPeriod_shouldBeAnHour_unlessAudit_Digest_SecondsSaysOtherwise() {
        assertThat(Configuration.of(Map.of()).auditDigestPeriod()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(Configuration.of(Map.of(Setting.AUDIT_DIGEST_SECONDS.variable(), "300")).auditDigestPeriod())
                .isEqualTo(java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> Configuration.of(Map.of(Setting.AUDIT_DIGEST_SECONDS.variable(), "0"))
                .auditDigestPeriod()).hasMessageContaining(Setting.AUDIT_DIGEST_SECONDS.variable());
    }

    @Test
    void theLocalDigestFolder_shouldBeRefusedOutsideLocalMode_soThatADeployedDigesterOnlySignsWithKms() {
        assertThatThrownBy(() -> Configuration.of(Map.of(Setting.AUDIT_DIGEST_FOLDER.variable(), "/tmp/digests"))
                .auditDigestFolder()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Setting.AUDIT_DIGEST_FOLDER.variable());
        assertThat(Configuration.of(Map.of(Setting.EXECALC_MODE.variable(), "LOCAL",
                Setting.AUDIT_DIGEST_FOLDER.variable(), "/tmp/digests")).auditDigestFolder())
                .contains(java.nio.file.Path.of("/tmp/digests"));
    }
}
