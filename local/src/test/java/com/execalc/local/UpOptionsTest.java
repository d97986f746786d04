package com.execalc.local;

import com.execalc.wiring.Setting;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ./execalc up}'s flags: the port, how the stack runs (data folder, verbose, detached), and the identity settings
 * under the names of the CDK context keys.
 */
class UpOptionsTest {

    @Test
    void parse_shouldReadEveryIdentityFlag_inEitherSpelling() {
        UpOptions options = UpOptions.parse(new String[] {"--port", "0", "--issuer", "https://idp.example.com/",
                "--audience=execalc-api", "--jwks-uri", "https://idp.example.com/jwks", "--roles-claim",
                "realm_access.roles", "--role-map", "Execalc-Admins=admin,Readers=viewer", "--token-use", "id",
                "--clock-skew=30"}, "3000");

        assertThat(options.port()).isZero();
        assertThat(options.externalIssuer()).isTrue();
        assertThat(options.environment()).containsEntry(Setting.JWT_AUDIENCE.variable(), "execalc-api")
                .containsEntry(Setting.ROLES_CLAIM.variable(), "realm_access.roles")
                .containsEntry(Setting.ROLE_MAP.variable(), "Execalc-Admins=admin,Readers=viewer")
                .containsEntry(Setting.JWT_TOKEN_USE.variable(), "id")
                .containsEntry(Setting.JWT_CLOCK_SKEW_SECONDS.variable(), "30");
    }

    @Test
    void parse_shouldKeepTheLocalIssuer_withoutIssuerFlags() {
        UpOptions options = UpOptions.parse(new String[] {"--token-use", "id"}, "3000");

        assertThat(options.port()).isEqualTo(3000);
        assertThat(options.externalIssuer()).isFalse();
    }

    @Test
    void parse_shouldRunInMemory_inTheForeground_quietly_byDefault() {
        UpOptions options = UpOptions.parse(new String[0], "3000");

        assertThat(options.persistentData()).isEmpty();
        assertThat(options.verbose()).isFalse();
        assertThat(options.detach()).isFalse();
    }

    @Test
    void parse_shouldReadTheDataFolder_asAnAbsolutePath_inEitherSpelling() {
        assertThat(UpOptions.parse(new String[] {"--data-dir", "some/data"}, "3000").persistentData())
                .contains(Path.of("some/data").toAbsolutePath());
        assertThat(UpOptions.parse(new String[] {"--data-dir=/var/tmp/execalc"}, "3000").persistentData())
                .contains(Path.of("/var/tmp/execalc"));
    }

    @Test
    void parse_shouldReadSwitchesWithoutTakingTheNextArgumentAsTheirValue() {
        UpOptions options = UpOptions.parse(new String[] {"--verbose", "--port", "3001", "--detach"}, "3000");

        assertThat(options.verbose()).isTrue();
        assertThat(options.detach()).isTrue();
        assertThat(options.port()).isEqualTo(3001);
    }

    @Test
    void parse_shouldDigestHourly_unlessAuditDigestSecondsSaysOtherwise_inWholeSecondsOfAtLeastOne() {
        assertThat(UpOptions.parse(new String[0], "3000").auditDigestPeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(UpOptions.parse(new String[] {"--audit-digest-seconds", "5"}, "3000").auditDigestPeriod())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(UpOptions.parse(new String[] {"--audit-digest-seconds=60"}, "3000").auditDigestPeriod())
                .isEqualTo(Duration.ofMinutes(1));
        for (String refused : new String[] {"0", "-5", "1.5", "hourly"}) {
            assertThatThrownBy(() -> UpOptions.parse(new String[] {"--audit-digest-seconds", refused}, "3000"))
                    .as(refused).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--audit-digest-seconds");
        }
    }

    @Test
    void parse_shouldRefuseAValueForASwitch_andABlankDataFolder() {
        assertThatThrownBy(() -> UpOptions.parse(new String[] {"--verbose=true"}, "3000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--verbose takes no value");
        assertThatThrownBy(() -> UpOptions.parse(new String[] {"--data-dir="}, "3000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--data-dir needs a folder");
    }

    @Test
    void usage_shouldNameEveryFlag() {
        assertThat(UpOptions.usage()).contains("--port N", "--data-dir DIR", "--verbose", "--detach", "--issuer V",
                "--role-map V", "--clock-skew V");
    }

    @Test
    void parse_shouldRefuseAnIssuerWithoutItsAudienceAndKeys() {
        assertThatThrownBy(() -> UpOptions.parse(new String[] {"--issuer", "https://idp.example.com/"}, "3000"))
                .hasMessageContaining("--issuer, --audience and --jwks-uri together");
    }

    @Test
    void parse_shouldRefuseAnUnknownFlag_aMissingValue_andABadPort_sayingWhichFlagsThereAre() {
        assertThatThrownBy(() -> UpOptions.parse(new String[] {"--jwksUri", "x"}, "3000"))
                .hasMessageContaining("Unknown flag --jwksUri").hasMessageContaining("--jwks-uri");
        assertThatThrownBy(() -> UpOptions.parse(new String[] {"--tenant-claim"}, "3000"))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> UpOptions.parse(new String[] {"--port", "70000"}, "3000"))
                .hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> UpOptions.parse(new String[] {"stray"}, "3000"))
                .hasMessageContaining("Unexpected argument");
    }
}
