package com.execalc.controlplane;

import com.execalc.access.TenantAccess;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.audit.TenantLogGroups;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Platform-operator operations on the tenant registry. Each acts on exactly one tenant, in an execution context of
 * that tenant, and is audited in that tenant's own audit partition (never in one of a tenant that does not exist),
 * with the operator as actor.
 */
public final class ControlPlane {

    private final TenantRegistry registry;
    private final TenantLogGroups logGroups;
    private final UsageKeys usageKeys;
    private final TenantAccess access;
    private final EventIds ids;
    private final Clock clock;
    private final Duration retention;
    private final Consumer<AuditEvent> written;

    /**
     * @param retention the global audit retention: of onboarding events and of the new tenant's log group
     * @param written   told about each audit event once it is stored
     */
    public ControlPlane(TenantRegistry registry, TenantLogGroups logGroups, UsageKeys usageKeys, TenantAccess access,
                        EventIds ids, Clock clock, Duration retention, Consumer<AuditEvent> written) {
        this.registry = registry;
        this.logGroups = logGroups;
        this.usageKeys = usageKeys;
        this.access = access;
        this.ids = ids;
        this.clock = clock;
        this.retention = retention;
        this.written = written;
    }

    /**
     * Registers a new, active tenant of a tier: issues its usage key in the tier's usage plan, records it, and creates
     * its audit log group.
     *
     * @throws TenantAlreadyExistsException when the id is taken
     */
    public TenantRecord register(OperatorContext operator, TenantId tenantId, String displayName, Tier tier) {
        TenantRecord.requireDisplayName(displayName);
        Optional<TenantRecord> existing = registry.find(tenantId);
        return inTenant(operator, tenantId, "tenant.register", audit -> {
            if (existing.isPresent()) {
                audit.complete(409, "CONFLICT");
                throw new TenantAlreadyExistsException(tenantId, null);
            }
            audit.detail("tier", tier.wireName());
            audit.writeAhead(201);
            Instant now = clock.instant();
            TenantRecord tenant = new TenantRecord(tenantId, displayName, TenantStatus.ACTIVE, tier,
                    usageKeys.issue(tenantId, tier), now, now);
            registry.create(tenant);
            logGroups.create(tenantId, (int) retention.toDays());
            return tenant;
        });
    }

    /** @throws TenantNotFoundException when no such tenant is registered */
    public TenantRecord describe(OperatorContext operator, TenantId tenantId) {
        TenantRecord tenant = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, "tenant.describe", audit -> {
            audit.complete(200, null);
            return tenant;
        });
    }

    /**
     * Activates or suspends a tenant.
     *
     * @throws TenantNotFoundException when no such tenant is registered
     */
    public TenantRecord changeStatus(OperatorContext operator, TenantId tenantId, TenantStatus status) {
        TenantRecord current = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, "tenant.status", audit -> {
            audit.detail("previousStatus", current.status().name());
            audit.detail("newStatus", status.name());
            audit.writeAhead(200);
            return registry.updateStatus(tenantId, status, clock.instant());
        });
    }

    private TenantRecord inTenant(OperatorContext operator, TenantId tenantId, String action,
                                  Function<RequestAudit, TenantRecord> operation) {
        TenantContext acting = new TenantContext(tenantId, "platform:" + operator.subject(), Set.of(),
                operator.requestId());
        try (ExecutionContext context = ExecutionContext.open(acting, null, clock.instant())) {
            RequestAudit audit = new RequestAudit(access.open(context), ids, clock, action, retention, written);
            audit.resource(tenantId.value());
            audit.allow("PLATFORM_OPERATOR");
            return operation.apply(audit);
        }
    }
}
