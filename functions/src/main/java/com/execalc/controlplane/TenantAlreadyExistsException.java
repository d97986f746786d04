package com.execalc.controlplane;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.TenantId;

/** Thrown when a platform operator registers a tenant id that is already registered. */
public final class TenantAlreadyExistsException extends ExecalcException {

    public TenantAlreadyExistsException(TenantId tenantId, Throwable cause) {
        super(ErrorCode.CONFLICT, "Tenant '" + tenantId + "' already exists.", cause);
    }
}
