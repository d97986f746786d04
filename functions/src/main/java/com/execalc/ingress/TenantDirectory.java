package com.execalc.ingress;

import com.execalc.tenancy.TenantId;

import java.util.Optional;

/** What ingress needs to know about a tenant: whether it exists, its status and its usage key. */
public interface TenantDirectory {

    /**
     * The tenant's standing, or empty when no such tenant is registered.
     *
     * @throws RuntimeException when the registry cannot be read; the authorizer then denies
     */
    Optional<TenantStanding> standingOf(TenantId tenantId);
}
