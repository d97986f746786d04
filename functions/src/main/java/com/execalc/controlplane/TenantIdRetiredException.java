package com.execalc.controlplane;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.TenantId;

/**
 * Thrown when an operator registers the id of a purged tenant (409): its registry entry stays as a tombstone, so that
 * a new tenant never inherits the old one's audit partitions or audit log group.
 */
public final class TenantIdRetiredException extends ExecalcException {

    public TenantIdRetiredException(TenantId tenantId) {
        super(ErrorCode.TENANT_ID_RETIRED, "Tenant id '" + tenantId + "' belonged to a purged tenant and is retired.");
    }
}
