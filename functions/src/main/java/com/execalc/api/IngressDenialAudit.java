package com.execalc.api;

import com.execalc.access.TenantAccess;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.governance.PolicyModel;
import com.execalc.ingress.DenialRecorder;
import com.execalc.ingress.Principal;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Audits refusals at the edge of a tenant (the authorizer's denials of a registered tenant's members, the tenant API's
 * refusal of an unreadable context) in that tenant's partition, through the same tenant-scoped access as every other
 * audit event, kept as long as the tenant's retention marks ask. A failure is logged, and the refusal stands.
 */
final class IngressDenialAudit implements DenialRecorder {

    /** What a refusal is kept for when the tenant's retention cannot be read: the longest any policy may ask. */
    static final Duration LONGEST_RETENTION = Duration.ofDays(PolicyModel.MAX_RETENTION_DAYS);

    private final TenantAccess access;
    private final EventIds ids;
    private final Clock clock;
    private final Duration retention;
    private final Telemetry telemetry;

    IngressDenialAudit(TenantAccess access, EventIds ids, Clock clock, Duration retention, Telemetry telemetry) {
        this.access = access;
        this.ids = ids;
        this.clock = clock;
        this.retention = retention;
        this.telemetry = telemetry;
    }

    @Override
    public void denied(Principal.TenantMember member, String reason, String requestId, AuditShards auditShards) {
        TenantContext denied = new TenantContext(member.tenantId(), member.subject(), member.roles(), requestId,
                auditShards);
        refuse(requestId, () -> denied, null, "ingress.authorize", reason, 403);
    }

    /**
     * Records a refused request as a DENY in the partition of the tenant that {@code refused} names, from an
     * environment isolated for {@code environmentTenant} ({@code null}: shared). Any failure, building the context
     * included, is logged, and the refusal stands.
     */
    void refuse(String requestId, Supplier<TenantContext> refused, String environmentTenant, String action,
                String reason, int status) {
        try (ExecutionContext context = ExecutionContext.open(refused.get(), environmentTenant, clock.instant())) {
            RequestAudit audit = new RequestAudit(access.open(context), ids, clock, action,
                    AuditEvent.ActorType.MEMBER, retention, telemetry::auditEvent);
            // these refusals never read the tenant's policy: its retention marks say how long to keep them
            audit.retainAsMarked(LONGEST_RETENTION);
            audit.deny(reason);
            audit.complete(status, reason);
        } catch (RuntimeException notAudited) {
            telemetry.failure(requestId, "DENIAL_NOT_AUDITED", notAudited);
        }
    }
}
