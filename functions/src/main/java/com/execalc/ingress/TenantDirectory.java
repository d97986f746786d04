package com.execalc.ingress;

import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;

import java.util.Optional;

/** What ingress needs to know about a tenant: whether it exists and its status. */
public interface TenantDirectory {

    /**
     * The registered status of the tenant, or empty when no such tenant is registered.
     *
     * @throws RuntimeException when the registry cannot be read; the authorizer then denies
     */
    Optional<TenantStatus> statusOf(TenantId tenantId);
}
