package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;

import java.time.Clock;
import java.time.Instant;

/** Platform-operator operations on the tenant registry; each acts on exactly one tenant. */
public final class ControlPlane {

    private final TenantRegistry registry;
    private final Clock clock;

    public ControlPlane(TenantRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers a new, active tenant. @throws TenantAlreadyExistsException when the id is taken */
    public TenantRecord register(OperatorContext operator, TenantId tenantId, String displayName) {
        Instant now = clock.instant();
        TenantRecord tenant = new TenantRecord(tenantId, displayName, TenantStatus.ACTIVE, now, now);
        registry.create(tenant);
        return tenant;
    }

    /** @throws TenantNotFoundException when no such tenant is registered */
    public TenantRecord describe(OperatorContext operator, TenantId tenantId) {
        return registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
    }

    /** Activates or suspends a tenant. @throws TenantNotFoundException when no such tenant is registered */
    public TenantRecord changeStatus(OperatorContext operator, TenantId tenantId, TenantStatus status) {
        return registry.updateStatus(tenantId, status, clock.instant());
    }
}
