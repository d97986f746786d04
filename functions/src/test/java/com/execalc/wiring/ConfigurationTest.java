package com.execalc.wiring;

import com.execalc.ingress.TokenUse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token settings the authorizer reads from its environment. */
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
}
