package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;

/**
 * Issues each tenant the key API Gateway throttles its requests by: an API key in the usage plan of its tier. The
 * authorizer returns the key as the request's usage identifier; clients never see or send it.
 */
public interface UsageKeys {

    /** Creates the tenant's key in its tier's usage plan and returns the key's value. */
    String issue(TenantId tenant, Tier tier);
}
