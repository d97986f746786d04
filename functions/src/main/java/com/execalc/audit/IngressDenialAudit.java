package com.execalc.audit;

import com.execalc.access.TenantAccess;
import com.execalc.governance.PolicyModel;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Audits refusals at the edge of a tenant (the authorizer's denials of a registered tenant's members, the tenant API's
 * refusal of an unreadable context) in that tenant's partition, through the same tenant-scoped access as every other
 * audit event, kept as long as the tenant's retention marks ask. A failure is logged, and the refusal stands.
 */
public final class IngressDenialAudit {

    /** What a refusal is kept for when the tenant's retention cannot be read: the longest any policy may ask. */
    public static final Duration LONGEST_RETENTION = Duration.ofDays(PolicyModel.MAX_RETENTION_DAYS);

    /** Where a refusal that could not be audited is reported: the function's log, with the request and the failure. */
    @FunctionalInterface
    public interface NotAudited {
        void failure(String requestId, String code, Throwable failure);
    }

    private final TenantAccess access;
    private final EventIds ids;
    private final Clock clock;
    private final Duration retention;
    private final Consumer<AuditEvent> written;
    private final NotAudited notAudited;

    /**
     * @param retention  how long a refusal is kept unless the tenant's retention marks ask for longer
     * @param written    told about each event once it is stored
     * @param notAudited told about each refusal that could not be stored
     */
    public IngressDenialAudit(TenantAccess access, EventIds ids, Clock clock, Duration retention,
                              Consumer<AuditEvent> written, NotAudited notAudited) {
        this.access = access;
        this.ids = ids;
        this.clock = clock;
        this.retention = retention;
        this.written = written;
        this.notAudited = notAudited;
    }

    /**
     * Records a refused request as a DENY in the partition of the tenant that {@code refused} names, from an
     * environment isolated for {@code environmentTenant} ({@code null}: shared). Any failure, building the context
     * included, is logged, and the refusal stands.
     *
     * @param status what the refused request is answered
     */
    public void refuse(String requestId, Supplier<TenantContext> refused, String environmentTenant, String action,
                       String reason, int status) {
        try (ExecutionContext context = ExecutionContext.open(refused.get(), environmentTenant, clock.instant())) {
            RequestAudit audit = new RequestAudit(access.open(context), ids, clock, action,
                    AuditEvent.ActorType.MEMBER, retention, written);
            // these refusals never read the tenant's policy: its retention marks say how long to keep them
            audit.retainAsMarked(LONGEST_RETENTION);
            audit.deny(reason);
            audit.complete(status, reason);
        } catch (RuntimeException failure) {
            notAudited.failure(requestId, "DENIAL_NOT_AUDITED", failure);
        }
    }
}
