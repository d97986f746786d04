package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;

/** Thrown when a platform operator names a tenant that is not registered. */
public final class TenantNotFoundException extends RuntimeException {

    public TenantNotFoundException(TenantId tenantId) {
        super("Tenant '" + tenantId + "' does not exist.");
    }

    public TenantNotFoundException(TenantId tenantId, Throwable cause) {
        super("Tenant '" + tenantId + "' does not exist.", cause);
    }
}
