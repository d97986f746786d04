package com.execalc.ingress;

import com.execalc.tenancy.AuditShards;

/**
 * Records an ingress denial of a registered tenant's member (suspended tenant, no tenant role) in that tenant's own
 * audit trail. A failure to record never turns a denial into an allow.
 */
@FunctionalInterface
public interface DenialRecorder {

    /** @param auditShards the tenant's audit shard count, from the registry entry the decision was made on */
    void denied(Principal.TenantMember member, String reason, String requestId, AuditShards auditShards);
}
