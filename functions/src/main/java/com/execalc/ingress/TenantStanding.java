package com.execalc.ingress;

import com.execalc.tenancy.TenantStatus;

import java.util.Objects;

/**
 * What ingress needs to know about a registered tenant.
 *
 * @param status   whether its members may pass
 * @param usageKey the key API Gateway throttles its requests by (the usage identifier the authorizer returns)
 */
public record TenantStanding(TenantStatus status, String usageKey) {

    public TenantStanding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(usageKey, "usageKey");
    }
}
