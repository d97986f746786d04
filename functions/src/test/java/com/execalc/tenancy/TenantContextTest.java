package com.execalc.tenancy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantContextTest {

    private static Map<String, Object> authorizer(String tenant, String sub, String roles) {
        Map<String, Object> map = new HashMap<>();
        map.put("tenantId", tenant);
        map.put("sub", sub);
        map.put("roles", roles);
        map.put("auditShards", "1");
        return map;
    }

    @Nested
    class FromAuthorizerContext {

        @Test
        void shouldReadTenantSubjectAndRoles() {
            TenantContext context = TenantContext.fromAuthorizerContext(
                    authorizer("acme", "alice", "viewer,admin"), "req-1");

            assertThat(context.tenantId()).isEqualTo(TenantId.of("acme"));
            assertThat(context.subject()).isEqualTo("alice");
            assertThat(context.roles()).containsExactlyInAnyOrder(TenantRole.VIEWER, TenantRole.ADMIN);
            assertThat(context.requestId()).isEqualTo("req-1");
            assertThat(context.auditShards()).isEqualTo(AuditShards.one());
        }

        @Test
        void shouldReadTheAuditShardCount() {
            Map<String, Object> map = authorizer("acme", "alice", "viewer");
            map.put("auditShards", "16");

            assertThat(TenantContext.fromAuthorizerContext(map, "r").auditShards()).isEqualTo(AuditShards.of(16));
        }

        @Test
        void shouldFailClosed_whenTheAuditShardCountIsMissing() {
            Map<String, Object> map = authorizer("acme", "alice", "viewer");
            map.remove("auditShards");

            assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(map, "r"))
                    .isInstanceOf(MissingTenantContextException.class)
                    .hasMessageContaining("auditShards");
        }

        @Test
        void shouldFailClosed_whenTheAuditShardCountIsOutOfRangeOrMalformed() {
            for (Object bad : java.util.Arrays.asList("0", "17", "04", "+4", "-1", " 4", "4 ", "four", "1e1", 4, null)) {
                Map<String, Object> map = authorizer("acme", "alice", "viewer");
                map.put("auditShards", bad);

                assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(map, "r")).as(String.valueOf(bad))
                        .isInstanceOf(MissingTenantContextException.class);
            }
        }

        @Test
        void shouldRoundTripTheAuthorizerOutput() {
            TenantContext context = new TenantContext(TenantId.of("acme"), "alice",
                    EnumSet.of(TenantRole.OPERATOR, TenantRole.VIEWER), "req-1", AuditShards.of(4));

            assertThat(context.toAuthorizerContext()).containsEntry("auditShards", "4");
            assertThat(TenantContext.fromAuthorizerContext(context.toAuthorizerContext(), "req-1")).isEqualTo(context);
        }

        @Test
        void shouldRoundTripAnOffboardingTenantsStatus_andReadAnAbsentOneAsActive() {
            TenantContext offboarding = new TenantContext(TenantId.of("acme"), "alice", EnumSet.of(TenantRole.ADMIN),
                    "req-1", AuditShards.of(1), TenantStatus.OFFBOARDING);
            Map<String, Object> cachedBeforeTheKey = authorizer("acme", "alice", "viewer");

            assertThat(TenantContext.fromAuthorizerContext(offboarding.toAuthorizerContext(), "req-1"))
                    .isEqualTo(offboarding);
            assertThat(TenantContext.fromAuthorizerContext(cachedBeforeTheKey, "req-1").status())
                    .isEqualTo(TenantStatus.ACTIVE);
        }

        @Test
        void shouldFailClosed_whenTheStatusIsNotOneThatPassesIngress() {
            for (Object bad : java.util.Arrays.asList("SUSPENDED", "PURGING", "PURGED", "active", "", 1)) {
                Map<String, Object> map = authorizer("acme", "alice", "viewer");
                map.put(TenantContext.STATUS_KEY, bad);

                assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(map, "r")).as(String.valueOf(bad))
                        .isInstanceOf(MissingTenantContextException.class);
            }
        }

        @Test
        void shouldFailClosed_whenThereIsNoAuthorizerContext() {
            assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(null, "req-1"))
                    .isInstanceOf(MissingTenantContextException.class);
        }

        @Test
        void shouldFailClosed_whenTheTenantIsMissing() {
            assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(authorizer(null, "alice", "viewer"), "r"))
                    .isInstanceOf(MissingTenantContextException.class)
                    .hasMessageContaining("tenantId");
        }

        @Test
        void shouldFailClosed_whenTheTenantIsMalformed() {
            assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(authorizer("acme#x", "alice", "viewer"), "r"))
                    .isInstanceOf(MissingTenantContextException.class);
        }

        @Test
        void shouldFailClosed_whenTheTenantIsNotAString() {
            Map<String, Object> map = authorizer("acme", "alice", "viewer");
            map.put("tenantId", java.util.List.of("acme", "globex"));

            assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(map, "r"))
                    .isInstanceOf(MissingTenantContextException.class);
        }

        @Test
        void shouldFailClosed_whenARoleIsUnknown() {
            assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(
                    authorizer("acme", "alice", "viewer,platform-admin"), "r"))
                    .isInstanceOf(MissingTenantContextException.class);
        }

        @Test
        void shouldFailClosed_whenTheSubjectIsMissing() {
            assertThatThrownBy(() -> TenantContext.fromAuthorizerContext(authorizer("acme", " ", "viewer"), "r"))
                    .isInstanceOf(MissingTenantContextException.class);
        }
    }

    @Test
    void roles_shouldBeImmutable() {
        Set<TenantRole> roles = EnumSet.of(TenantRole.VIEWER);
        TenantContext context = new TenantContext(TenantId.of("acme"), "alice", roles, "req-1");

        roles.add(TenantRole.ADMIN);

        assertThat(context.roles()).containsExactly(TenantRole.VIEWER);
        assertThatThrownBy(() -> context.roles().add(TenantRole.ADMIN))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectForeignTenant_shouldFail_whenAnotherTenantIsNamed() {
        TenantContext context = new TenantContext(TenantId.of("acme"), "alice", Set.of(TenantRole.VIEWER), "r");

        assertThatThrownBy(() -> context.rejectForeignTenant("globex", "header X-Tenant-Id"))
                .isInstanceOf(TenantMismatchException.class)
                .hasMessageContaining("header X-Tenant-Id");
    }

    @Test
    void rejectForeignTenant_shouldTolerate_theOwnTenantOrNone() {
        TenantContext context = new TenantContext(TenantId.of("acme"), "alice", Set.of(TenantRole.VIEWER), "r");

        context.rejectForeignTenant("acme", "header X-Tenant-Id");
        context.rejectForeignTenant(null, "header X-Tenant-Id");

        assertThat(context.tenantId().value()).isEqualTo("acme");
    }
}
