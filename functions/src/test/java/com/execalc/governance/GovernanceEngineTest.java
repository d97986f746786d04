package com.execalc.governance;

import com.execalc.errors.ErrorCode;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GovernanceEngineTest {

    private final GovernanceEngine engine = new GovernanceEngine();
    private final PolicySettings global = GlobalInvariants.v1().settings();

    private static TenantContext caller(TenantRole role) {
        return new TenantContext(TenantId.of("acme"), "alice", Set.of(role), "req-1");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "VIEWER, RECORD_GET, true", "VIEWER, RECORD_LIST, true", "VIEWER, NAMESPACE_LIST, true",
            "VIEWER, EXECUTION_GET, true", "VIEWER, POLICY_GET, true", "VIEWER, SESSION_DESCRIBE, true",
            "VIEWER, RECORD_PUT, false", "VIEWER, RECORD_DELETE, false", "VIEWER, NAMESPACE_CREATE, false",
            "VIEWER, NAMESPACE_DELETE, false", "VIEWER, EXECUTION_RUN, false", "VIEWER, POLICY_PUT, false",
            "OPERATOR, RECORD_PUT, true", "OPERATOR, RECORD_DELETE, true", "OPERATOR, NAMESPACE_CREATE, true",
            "OPERATOR, EXECUTION_RUN, true", "OPERATOR, POLICY_PUT, false",
            "ADMIN, RECORD_PUT, true", "ADMIN, NAMESPACE_DELETE, true", "ADMIN, POLICY_PUT, true"})
    void decide_shouldFollowTheGlobalRoleTable(TenantRole role, Action action, boolean allowed) {
        Decision decision = engine.decide(caller(role), action, RequestFacts.none(), global);

        assertThat(decision.allowed()).isEqualTo(allowed);
        assertThat(decision.reason()).isEqualTo(allowed ? "ROLE_ALLOWS_ACTION" : "ROLE_DENIES_ACTION");
        if (!allowed) {
            assertThat(decision.denial().code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void decide_shouldDenyWith413_whenTheRecordIsLargerThanTheEffectiveLimit() {
        PolicySettings tight = global.withMaxRecordBytes(100);

        Decision decision = engine.decide(caller(TenantRole.OPERATOR), Action.RECORD_PUT,
                RequestFacts.none().withPayload(101), tight);

        assertThat(decision.denial()).isEqualTo(Decision.Denial.TOO_LARGE);
        assertThat(decision.reason()).isEqualTo("RECORD_TOO_LARGE");
        assertThat(engine.decide(caller(TenantRole.OPERATOR), Action.RECORD_PUT,
                RequestFacts.none().withPayload(100), tight).allowed()).isTrue();
    }

    @Test
    void decide_shouldDenyWith422_writesOutsideTheAllowedNamespacePrefixes() {
        PolicySettings prefixed = global.withNamespacePrefixes(NamespacePrefixes.only(List.of("fin-")));

        Decision outside = engine.decide(caller(TenantRole.ADMIN), Action.RECORD_PUT,
                RequestFacts.in(NamespaceId.of("hr-payroll")), prefixed);
        Decision inside = engine.decide(caller(TenantRole.ADMIN), Action.RECORD_PUT,
                RequestFacts.in(NamespaceId.of("fin-ledger")), prefixed);
        Decision read = engine.decide(caller(TenantRole.ADMIN), Action.RECORD_GET,
                RequestFacts.in(NamespaceId.of("hr-payroll")), prefixed);

        assertThat(outside.denial()).isEqualTo(Decision.Denial.POLICY_LIMIT);
        assertThat(outside.reason()).isEqualTo("NAMESPACE_NOT_ALLOWED");
        assertThat(inside.allowed()).isTrue();
        assertThat(read.allowed()).as("reads of existing namespaces stay possible").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RECORD_DELETE", "NAMESPACE_DELETE", "NAMESPACE_CREATE", "RECORD_PUT", "EXECUTION_RUN"})
    void decide_shouldDenyWith422_everyChangeOutsideTheAllowedNamespacePrefixes_deletesIncluded(Action change) {
        PolicySettings prefixed = global.withNamespacePrefixes(NamespacePrefixes.only(List.of("fin-")));

        Decision outside = engine.decide(caller(TenantRole.ADMIN), change,
                RequestFacts.in(NamespaceId.of("hr-payroll")).withNamespaceCount(0), prefixed);
        Decision inside = engine.decide(caller(TenantRole.ADMIN), change,
                RequestFacts.in(NamespaceId.of("fin-ledger")).withNamespaceCount(0), prefixed);

        assertThat(outside.reason()).isEqualTo("NAMESPACE_NOT_ALLOWED");
        assertThat(outside.denial().code()).isEqualTo(ErrorCode.POLICY_VIOLATION);
        assertThat(inside.allowed()).isTrue();
    }

    @Test
    void decide_shouldDenyRecordDeletion_whenThePolicyDisablesIt() {
        Decision decision = engine.decide(caller(TenantRole.ADMIN), Action.RECORD_DELETE, RequestFacts.none(),
                global.withRecordDeletion(false));

        assertThat(decision.reason()).isEqualTo("RECORD_DELETION_DISABLED");
        assertThat(decision.denial().code()).isEqualTo(ErrorCode.POLICY_VIOLATION);
    }

    @Test
    void decide_shouldDenyANewNamespace_atTheNamespaceLimit() {
        PolicySettings two = global.withMaxNamespaces(2);

        assertThat(engine.decide(caller(TenantRole.ADMIN), Action.NAMESPACE_CREATE,
                RequestFacts.in(NamespaceId.of("c")).withNamespaceCount(2), two).reason())
                .isEqualTo("NAMESPACE_LIMIT_REACHED");
        assertThat(engine.decide(caller(TenantRole.ADMIN), Action.NAMESPACE_CREATE,
                RequestFacts.in(NamespaceId.of("c")).withNamespaceCount(1), two).allowed()).isTrue();
    }

    @Test
    void decide_shouldFollowTheTenantsRoleRestrictions() {
        PolicySettings readOnlyOperators = global.withRoleActions(TenantRole.OPERATOR,
                Set.of(Action.RECORD_GET, Action.RECORD_LIST));

        assertThat(engine.decide(caller(TenantRole.OPERATOR), Action.RECORD_PUT, RequestFacts.none(),
                readOnlyOperators).allowed()).isFalse();
        assertThat(engine.decide(caller(TenantRole.ADMIN), Action.RECORD_PUT, RequestFacts.none(),
                readOnlyOperators).allowed()).isTrue();
    }
}
