package com.execalc.controlplane;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.TenantStatus;

/**
 * Thrown when a tenant's status does not allow the change asked for (409): a purge that began is never undone, a tenant
 * is offboarded before it is purged. Nothing is changed.
 */
public final class TenantStatusConflictException extends ExecalcException {

    public TenantStatusConflictException(TenantStatus current, TenantStatus requested) {
        super(ErrorCode.CONFLICT, "The tenant is " + current + ": it cannot become " + requested + ".");
    }

    public TenantStatusConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }
}
