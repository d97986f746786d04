package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;

/**
 * Issues each tenant the key API Gateway throttles its requests by: an API key in the usage plan of its tier. The
 * authorizer returns the key as the request's usage identifier; clients never see or send it.
 */
public interface UsageKeys {

    /** Creates the tenant's key, enabled, in its tier's usage plan and returns the key's value. */
    String issue(TenantId tenant, Tier tier);

    /**
     * Enables or disables the tenant's key. API Gateway refuses a disabled key on every tenant route (they require
     * one), also for a request whose authorizer decision it still has cached.
     *
     * @param key the key's value, as {@link #issue} returned it
     */
    void setEnabled(TenantId tenant, String key, boolean enabled);

    /**
     * Moves the tenant's key from the usage plan of {@code from} to that of {@code to}: added to the new plan first, so
     * that it is never in none; repeating a move that failed half-way finishes it.
     */
    void changeTier(TenantId tenant, String key, Tier from, Tier to);

    /**
     * Takes the purged tenant's key out of its usage plan and deletes it: no request is ever throttled, or let through,
     * by it again. Repeating it after it succeeded changes nothing.
     */
    void retire(TenantId tenant, String key, Tier tier);
}
