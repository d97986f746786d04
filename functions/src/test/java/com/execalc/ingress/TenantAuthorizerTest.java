package com.execalc.ingress;

import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantAuthorizerTest {

    private static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/me";
    private static final String API = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod";

    private final TestIssuer issuer = new TestIssuer();
    private final Map<TenantId, TenantStatus> registry = new java.util.HashMap<>(Map.of(
            TenantId.of("acme"), TenantStatus.ACTIVE,
            TenantId.of("initech"), TenantStatus.SUSPENDED));
    private final Map<TenantId, AuditShards> shards = Map.of(
            TenantId.of("acme"), AuditShards.of(4),
            TenantId.of("initech"), AuditShards.of(2));
    private final TenantDirectory directory = tenantId -> Optional.ofNullable(registry.get(tenantId))
            .map(status -> new TenantStanding(status, "usage-key-of-" + tenantId, shards.get(tenantId)));
    private final List<String> recordedDenials = new java.util.ArrayList<>();
    private final List<AuditShards> recordedDenialShards = new java.util.ArrayList<>();
    private final DenialRecorder recorder = (member, reason, requestId, auditShards) -> {
        recordedDenials.add(member.tenantId() + ":" + reason + ":" + requestId);
        recordedDenialShards.add(auditShards);
    };
    private final TenantAuthorizer authorizer = new TenantAuthorizer(new TokenVerifier(issuer.settings(),
            issuer.publicKeys(), Clock.fixed(TestIssuer.NOW, ZoneOffset.UTC)), directory, recorder);

    private String bearer(String tenant, String... roles) {
        return "Bearer " + issuer.rs256(issuer.tenantClaims(tenant, roles).build());
    }

    /**
     * A member's Allow covers the control-plane routes too (issue 12, item 8): the control plane refuses members itself
     * and audits the refusal in the member's tenant, where a refusal by the gateway left no event at all.
     */
    @Test
    void authorize_shouldAllowEveryRoute_forAnActiveTenantMember_theControlPlaneRefusingMembersItself() {
        AuthorizationDecision decision = authorizer.authorize(bearer("acme", "operator"), METHOD_ARN, "req-1");

        assertThat(decision).isInstanceOfSatisfying(AuthorizationDecision.Allow.class, allow -> {
            assertThat(allow.principalId()).isEqualTo("acme:alice");
            assertThat(allow.context()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("tenantId", "acme", "sub", "alice", "roles", "operator", "auditShards", "4",
                            "tenantStatus", "ACTIVE"));
            assertThat(allow.resources()).contains(API + "/GET/me", API + "/POST/tenants", API + "/GET/tenants/*",
                    API + "/PATCH/tenants/*");
            assertThat(allow.resources()).hasSize(Route.values().length);
            assertThat(allow.usageKey()).isEqualTo("usage-key-of-acme");
        });
    }

    @Test
    void authorize_shouldHandTheRegistrysAuditShardCountToTheTenantApi_inTheContext() {
        AuthorizationDecision decision = authorizer.authorize(bearer("acme", "operator"), METHOD_ARN, "req-1");

        assertThat(decision).isInstanceOfSatisfying(AuthorizationDecision.Allow.class, allow ->
                assertThat(TenantContext.fromAuthorizerContext(allow.context(), "req-1").auditShards())
                        .isEqualTo(AuditShards.of(4)));
    }

    @Test
    void authorize_shouldAllowTheControlPlaneOnly_forAPlatformOperator() {
        String token = "Bearer " + issuer.rs256(c -> c.claim("custom:tenant_id", null)
                .claim("cognito:groups", List.of("platform-admin")));

        AuthorizationDecision decision = authorizer.authorize(token, METHOD_ARN, "req-1");

        assertThat(decision).isInstanceOfSatisfying(AuthorizationDecision.Allow.class, allow -> {
            assertThat(allow.resources()).containsExactlyInAnyOrder(API + "/POST/tenants", API + "/GET/tenants/*",
                    API + "/PATCH/tenants/*", API + "/POST/tenants/*/offboard", API + "/POST/tenants/*/purge",
                    API + "/GET/tenants/*/usage");
            assertThat(allow.context()).doesNotContainKey("tenantId");
        });
    }

    @Test
    void authorize_shouldAllowAnOffboardingTenantsMember_withTheStatusForThePipelineToNarrow() {
        registry.put(TenantId.of("acme"), TenantStatus.OFFBOARDING);

        AuthorizationDecision decision = authorizer.authorize(bearer("acme", "admin"), METHOD_ARN, "req-1");

        assertThat(decision).isInstanceOfSatisfying(AuthorizationDecision.Allow.class, allow ->
                assertThat(TenantContext.fromAuthorizerContext(allow.context(), "req-1").status())
                        .isEqualTo(TenantStatus.OFFBOARDING));
        assertThat(recordedDenials).isEmpty();
    }

    @Test
    void authorize_shouldDenyAndRecord_whenTheTenantIsPurgingOrPurged() {
        registry.put(TenantId.of("acme"), TenantStatus.PURGING);
        assertThat(authorizer.authorize(bearer("acme", "admin"), METHOD_ARN, "req-1"))
                .isEqualTo(new AuthorizationDecision.Deny("acme:alice", "TENANT_PURGING", "acme"));

        registry.put(TenantId.of("acme"), TenantStatus.PURGED);
        assertThat(authorizer.authorize(bearer("acme", "admin"), METHOD_ARN, "req-2"))
                .isEqualTo(new AuthorizationDecision.Deny("acme:alice", "TENANT_PURGED", "acme"));
        assertThat(recordedDenials).containsExactly("acme:TENANT_PURGING:req-1", "acme:TENANT_PURGED:req-2");
    }

    @Test
    void authorize_shouldDeny_whenTheTenantIsSuspended() {
        assertThat(authorizer.authorize(bearer("initech", "admin"), METHOD_ARN, "req-1"))
                .isEqualTo(new AuthorizationDecision.Deny("initech:alice", "TENANT_SUSPENDED", "initech"));
        assertThat(recordedDenials).containsExactly("initech:TENANT_SUSPENDED:req-1");
        assertThat(recordedDenialShards).as("audited over the tenant's own shards").containsExactly(AuditShards.of(2));
    }

    @Test
    void authorize_shouldDeny_whenTheTenantIsUnknown() {
        assertThat(authorizer.authorize(bearer("globex", "admin"), METHOD_ARN, "req-1"))
                .isEqualTo(new AuthorizationDecision.Deny("globex:alice", "TENANT_UNKNOWN", "globex"));
        assertThat(recordedDenials).as("no data, not even audit, for a tenant that does not exist").isEmpty();
    }

    @Test
    void authorize_shouldDeny_whenTheMemberHasNoTenantRole() {
        assertThat(authorizer.authorize(bearer("acme", "marketing"), METHOD_ARN, "req-1"))
                .isEqualTo(new AuthorizationDecision.Deny("acme:alice", "NO_TENANT_ROLE", "acme"));
        assertThat(recordedDenials).containsExactly("acme:NO_TENANT_ROLE:req-1");
    }

    @Test
    void authorize_shouldStillDeny_whenTheDenialCannotBeRecorded() {
        TenantAuthorizer unrecorded = new TenantAuthorizer(new TokenVerifier(issuer.settings(), issuer.publicKeys(),
                Clock.fixed(TestIssuer.NOW, ZoneOffset.UTC)), directory, (member, reason, requestId, auditShards) -> {
                    throw new IllegalStateException("audit down");
                });

        assertThat(unrecorded.authorize(bearer("initech", "admin"), METHOD_ARN, "req-1"))
                .isInstanceOf(AuthorizationDecision.Deny.class);
    }

    @Test
    void authorize_shouldFailWithoutADecision_whenTheRegistryCannotBeRead() {
        TenantAuthorizer failing = new TenantAuthorizer(new TokenVerifier(issuer.settings(), issuer.publicKeys(),
                Clock.fixed(TestIssuer.NOW, ZoneOffset.UTC)), tenantId -> {
                    throw new IllegalStateException("registry down");
                }, recorder);

        assertThatThrownBy(() -> failing.authorize(bearer("acme", "admin"), METHOD_ARN, "req-1"))
                .isInstanceOf(TenantDirectoryUnavailableException.class);
    }

    @Test
    void authorize_shouldThrowUnauthenticated_whenTheHeaderIsMissingOrNotBearer() {
        assertThatThrownBy(() -> authorizer.authorize(null, METHOD_ARN, "r")).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authorizer.authorize("Basic YWxpY2U6c2VjcmV0", METHOD_ARN, "r"))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authorizer.authorize("Bearer", METHOD_ARN, "r"))
                .isInstanceOf(InvalidTokenException.class);
    }

    /**
     * Fails at 3d7d7cc (issue 12, item 10): {@code Bearer} was accepted in any case and with any spaces, so one token had
     * many header spellings, each a new entry in API Gateway's authorizer cache, and for a refused member each a new
     * registry read, AssumeRole and audited denial.
     */
    @Test
    void authorize_shouldAcceptExactlyBearerSpaceToken_andNoOtherSpellingOfIt() {
        String token = issuer.rs256(issuer.tenantClaims("acme", "admin").build());

        assertThat(authorizer.authorize("Bearer " + token, METHOD_ARN, "r"))
                .isInstanceOf(AuthorizationDecision.Allow.class);
        for (String spelling : List.of("bearer " + token, "BEARER " + token, "BeArEr " + token, "Bearer  " + token,
                "Bearer\t" + token, " Bearer " + token, "Bearer " + token + " ", "Bearer " + token + "\n",
                "Bearer\u00a0" + token, "Bearer" + token, "Token " + token, token)) {
            assertThatThrownBy(() -> authorizer.authorize(spelling, METHOD_ARN, "r")).as(spelling.replace(token, "<t>"))
                    .isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void authorize_shouldDecideOnTheTokenAlone_notOnTheRouteItIsFirstUsedFor() {
        String token = bearer("acme", "admin");

        AuthorizationDecision onTenantRoute = authorizer.authorize(token, METHOD_ARN, "req-1");
        AuthorizationDecision onControlRoute = authorizer.authorize(token,
                "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/tenants", "req-1");

        assertThat(onControlRoute).isEqualTo(onTenantRoute);
    }
}
