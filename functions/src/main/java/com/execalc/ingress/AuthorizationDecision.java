package com.execalc.ingress;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the authorizer tells API Gateway about one token. */
public sealed interface AuthorizationDecision {

    /**
     * The token may invoke exactly {@code resources}; {@code context} travels to the integration.
     *
     * @param principalId the principal's stable id (tenant and subject, or the operator's subject)
     * @param resources   execute-api resource ARNs this principal may invoke (all routes of its plane)
     * @param context     the authorizer context: for tenant members, the tenant context's wire form
     * @param usageKey    the tenant's usage identifier key for API Gateway's usage plans, or {@code null} for
     *                    platform operators
     */
    record Allow(String principalId, List<String> resources, Map<String, Object> context, String usageKey)
            implements AuthorizationDecision {
        public Allow {
            Objects.requireNonNull(principalId, "principalId");
            resources = List.copyOf(resources);
            context = Map.copyOf(context);
        }
    }

    /**
     * A valid token that may not pass (403).
     *
     * @param principalId the principal's id, when the token was valid
     * @param reason      a reason code, e.g. {@code TENANT_SUSPENDED}; never the token
     * @param tenantId    the token's tenant, or {@code null}
     */
    record Deny(String principalId, String reason, String tenantId) implements AuthorizationDecision {
        public Deny {
            Objects.requireNonNull(principalId, "principalId");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
