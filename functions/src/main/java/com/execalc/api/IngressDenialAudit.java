package com.execalc.api;

import com.execalc.access.TenantAccess;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.ingress.DenialRecorder;
import com.execalc.ingress.Principal;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;

/**
 * Audits ingress denials of a registered tenant's members in that tenant's partition, through the same tenant-scoped
 * access as every other audit event. A failure is logged, and the denial stands.
 */
final class IngressDenialAudit implements DenialRecorder {

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
        try (ExecutionContext context = ExecutionContext.open(denied, null, clock.instant())) {
            RequestAudit audit = new RequestAudit(access.open(context), ids, clock, "ingress.authorize", retention,
                    telemetry::auditEvent);
            audit.deny(reason);
            audit.complete(403, reason);
        } catch (RuntimeException notAudited) {
            telemetry.failure(requestId, "DENIAL_NOT_AUDITED", notAudited);
        }
    }
}
