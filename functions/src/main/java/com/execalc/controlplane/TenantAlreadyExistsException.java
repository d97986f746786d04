package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;

/** Thrown when a platform operator registers a tenant id that is already registered. */
public final class TenantAlreadyExistsException extends RuntimeException {

    public TenantAlreadyExistsException(TenantId tenantId, Throwable cause) {
        super("Tenant '" + tenantId + "' already exists.", cause);
    }
}
