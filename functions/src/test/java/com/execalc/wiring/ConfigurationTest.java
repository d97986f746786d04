package com.execalc.wiring;

import com.execalc.ingress.TokenUse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings the functions read from their environment: the authorizer's token settings, the digester's. */
class ConfigurationTest {

    private static Configuration withTokenUse(String value) {
        Map<String, String> env = new HashMap<>(Map.of(Setting.JWT_ISSUER.variable(), "https://issuer.test/pool",
                Setting.JWT_AUDIENCE.variable(), "client", Setting.JWKS_URI.variable(), "https://issuer.test/jwks.json"));
        if (value != null) {
            env.put(Setting.JWT_TOKEN_USE.variable(), value);
        }
        return Configuration.of(env);
    }

    @Test
    void tokenSettings_shouldAcceptIdTokensOnly_whenJwtTokenUseIsNotSet() {
        assertThat(withTokenUse(null).tokenSettings().tokenUses()).containsExactly(TokenUse.ID);
    }

    @Test
    void tokenSettings_shouldAcceptTheKindsJwtTokenUseLists() {
        assertThat(withTokenUse("access").tokenSettings().tokenUses()).containsExactly(TokenUse.ACCESS);
        assertThat(withTokenUse("id, access").tokenSettings().tokenUses())
                .containsExactlyInAnyOrder(TokenUse.ID, TokenUse.ACCESS);
    }

    @Test
    void tokenSettings_shouldFailInitialisation_forAnUnknownKind_namingTheVariable() {
        for (String invalid : new String[] {"", "refresh", "ID", "id,", "id;access"}) {
            assertThatThrownBy(() -> withTokenUse(invalid).tokenSettings()).as(invalid)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Setting.JWT_TOKEN_USE.variable());
        }
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
