package com.execalc.tenancy;

/** The lifecycle state of a tenant in the tenant registry. Only an active tenant's requests pass ingress. */
public enum TenantStatus {
    ACTIVE,
    SUSPENDED
}
