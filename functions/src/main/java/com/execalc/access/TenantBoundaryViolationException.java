package com.execalc.access;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown by {@link TenantKeyGuard} when a DynamoDB request would leave the tenant: a key of another tenant, an action
 * or table the session policy does not allow, a Scan or PartiQL statement, or a call outside an open execution
 * context. A security event: the request fails closed (500) and the attempt is audited.
 */
public final class TenantBoundaryViolationException extends ExecalcException {

    public TenantBoundaryViolationException(String message) {
        super(ErrorCode.TENANT_BOUNDARY_VIOLATION, message);
    }
}
