package com.execalc.ingress;

import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.TenantStatus;

import java.util.Objects;

/**
 * What ingress needs to know about a registered tenant.
 *
 * @param status      whether its members may pass
 * @param usageKey    the key API Gateway throttles its requests by (the usage identifier the authorizer returns)
 * @param auditShards over how many audit partitions its events are spread: passed on in the tenant context, and used
 *                    for the audit events of ingress denials
 */
public record TenantStanding(TenantStatus status, String usageKey, AuditShards auditShards) {

    public TenantStanding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(usageKey, "usageKey");
        Objects.requireNonNull(auditShards, "auditShards");
    }
}
