package com.execalc.controlplane;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.TenantId;

/** Thrown when a platform operator names a tenant that is not registered. */
public final class TenantNotFoundException extends ExecalcException {

    public TenantNotFoundException(TenantId tenantId) {
        super(ErrorCode.NOT_FOUND, "Tenant '" + tenantId + "' does not exist.");
    }

    public TenantNotFoundException(TenantId tenantId, Throwable cause) {
        super(ErrorCode.NOT_FOUND, "Tenant '" + tenantId + "' does not exist.", cause);
    }
}
