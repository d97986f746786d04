package com.execalc.audit;

import com.execalc.tenancy.TenantId;

/** The per-tenant CloudWatch audit log groups, {@code <prefix>/<tenant>/audit}, created when a tenant is onboarded. */
public interface TenantLogGroups {

    /** The log group prefix of deployed stacks. */
    String DEFAULT_PREFIX = "/execalc/tenants";

    /**
     * Creates the tenant's audit log group, tagged with the tenant id, keeping events at least {@code retentionDays}.
     * Creating a group that exists only sets its retention.
     */
    void create(TenantId tenant, int retentionDays);

    /** The name of a tenant's audit log group. */
    static String nameOf(String prefix, TenantId tenant) {
        return prefix + "/" + tenant.value() + "/audit";
    }
}
