package com.execalc.governance;

import com.execalc.tenancy.TenantContext;

/**
 * Decides every tenant request before any data is touched: may this caller's role take the action, and does the
 * request stay within the bounds?
 */
public final class GovernanceEngine {

    private final GlobalInvariants invariants;

    public GovernanceEngine(GlobalInvariants invariants) {
        this.invariants = invariants;
    }

    /**
     * @param payloadBytes the size of the request's payload in UTF-8 bytes, or 0 when it has none
     */
    public Decision decide(TenantContext tenant, Action action, long payloadBytes) {
        if (!invariants.allows(tenant.roles(), action)) {
            return Decision.deny(Decision.Denial.FORBIDDEN, "ROLE_DENIES_ACTION",
                    "Your roles do not allow " + action.wireName() + ".");
        }
        if (payloadBytes > invariants.maxRecordBytes()) {
            return Decision.deny(Decision.Denial.TOO_LARGE, "RECORD_TOO_LARGE",
                    "The record is " + payloadBytes + " bytes; at most " + invariants.maxRecordBytes() + " are allowed.");
        }
        return Decision.allow("ROLE_ALLOWS_ACTION");
    }
}
