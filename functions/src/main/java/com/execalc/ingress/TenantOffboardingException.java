package com.execalc.ingress;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown for a request of an offboarding tenant's member on any route but {@code GET /me} and {@code GET /export}
 * (403): the tenant is leaving, and may only take its data out until it is purged or reactivated.
 */
public final class TenantOffboardingException extends ExecalcException {

    public TenantOffboardingException() {
        super(ErrorCode.TENANT_OFFBOARDING, "The tenant is being offboarded: only GET /me and GET /export are "
                + "available until it is purged or reactivated.");
    }
}
