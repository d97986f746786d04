package com.execalc.ingress;

/**
 * Records an ingress denial of a registered tenant's member (suspended tenant, no tenant role) in that tenant's own
 * audit trail. A failure to record never turns a denial into an allow.
 */
@FunctionalInterface
public interface DenialRecorder {

    void denied(Principal.TenantMember member, String reason, String requestId);
}
