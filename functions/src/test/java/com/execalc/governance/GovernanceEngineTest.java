package com.execalc.governance;

import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GovernanceEngineTest {

    private final GovernanceEngine engine = new GovernanceEngine(GlobalInvariants.v1());

    private static TenantContext caller(TenantRole role) {
        return new TenantContext(TenantId.of("acme"), "alice", Set.of(role), "req-1");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "VIEWER, RECORD_GET, true", "VIEWER, RECORD_LIST, true", "VIEWER, NAMESPACE_LIST, true",
            "VIEWER, RECORD_PUT, false", "VIEWER, RECORD_DELETE, false", "VIEWER, NAMESPACE_CREATE, false",
            "VIEWER, NAMESPACE_DELETE, false",
            "OPERATOR, RECORD_PUT, true", "OPERATOR, RECORD_DELETE, true", "OPERATOR, NAMESPACE_CREATE, true",
            "ADMIN, RECORD_PUT, true", "ADMIN, NAMESPACE_DELETE, true", "ADMIN, RECORD_GET, true"})
    void decide_shouldFollowTheRoleTable(TenantRole role, Action action, boolean allowed) {
        Decision decision = engine.decide(caller(role), action, 0);

        assertThat(decision.allowed()).isEqualTo(allowed);
        assertThat(decision.reason()).isEqualTo(allowed ? "ROLE_ALLOWS_ACTION" : "ROLE_DENIES_ACTION");
        if (!allowed) {
            assertThat(decision.denial()).isEqualTo(Decision.Denial.FORBIDDEN);
        }
    }

    @Test
    void decide_shouldDenyWith413_whenTheRecordIsLargerThanTheInvariant() {
        Decision decision = engine.decide(caller(TenantRole.OPERATOR), Action.RECORD_PUT, 65_537);

        assertThat(decision.denial()).isEqualTo(Decision.Denial.TOO_LARGE);
        assertThat(decision.denial().status()).isEqualTo(413);
        assertThat(engine.decide(caller(TenantRole.OPERATOR), Action.RECORD_PUT, 65_536).allowed()).isTrue();
    }
}
