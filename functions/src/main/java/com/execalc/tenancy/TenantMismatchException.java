package com.execalc.tenancy;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/** Thrown when a request names, anywhere a client controls, a tenant other than the one its token resolved to. */
public final class TenantMismatchException extends ExecalcException {

    public TenantMismatchException(String message) {
        super(ErrorCode.TENANT_MISMATCH, message);
    }
}
