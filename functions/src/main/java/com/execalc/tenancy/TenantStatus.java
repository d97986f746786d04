package com.execalc.tenancy;

/**
 * The lifecycle state of a tenant in the tenant registry: ACTIVE and SUSPENDED as an operator sets them; then
 * OFFBOARDING (members may still read their session and export, until the purge), PURGING (its data is being deleted)
 * and PURGED (a tombstone: the id is retired, the audit trail kept until its retention ends). Only an active tenant's
 * requests pass ingress in full; an offboarding tenant's pass for {@code GET /me} and {@code GET /export} only.
 */
public enum TenantStatus {
    ACTIVE,
    SUSPENDED,
    OFFBOARDING,
    PURGING,
    PURGED;

    /** Whether the tenant's members reach the tenant API at all (the pipeline narrows an offboarding one further). */
    public boolean admitsMembers() {
        return this == ACTIVE || this == OFFBOARDING;
    }

    /** Whether the tenant's data is being or has been deleted: no way back to ACTIVE. */
    public boolean isPurge() {
        return this == PURGING || this == PURGED;
    }
}
