package com.execalc.governance;

import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantRole;


/**
 * The one engine that decides every tenant request before any data is touched, against that tenant's effective policy:
 * may the caller's role take the action, is the payload within size, may this namespace be changed (its prefixes
 * confine every change: {@link PolicyModel#confinedByNamespacePrefixes}), may records be deleted, is there room for
 * another namespace? Only the request pipeline asks it, once per request, and an allowed request gets a
 * {@link Permit}.
 */
public final class GovernanceEngine {

    /**
     * Decides a request and gives it its {@link Permit} when allowed: the only way a tenant request gets one.
     *
     * @param effective the tenant's effective policy, computed for this request
     * @throws GovernanceDeniedException when it denies; its decision says why
     */
    public Permit permit(TenantContext tenant, Action action, RequestFacts facts, PolicySettings effective) {
        Decision decision = decide(tenant, action, facts, effective);
        if (!decision.allowed()) {
            throw new GovernanceDeniedException(decision);
        }
        return new Permit(action.wireName(), decision.reason(), tenant.requestId());
    }

    /**
     * What governance decides about a request, without a permit: for tests and benchmarks of the rules.
     *
     * @param effective the tenant's effective policy, computed for this request
     */
    public Decision decide(TenantContext tenant, Action action, RequestFacts facts, PolicySettings effective) {
        if (!roleAllows(tenant, action, effective)) {
            return Decision.deny(Decision.Denial.FORBIDDEN, "ROLE_DENIES_ACTION",
                    "Your roles do not allow " + action.wireName() + ".");
        }
        if (facts.payloadBytes() > effective.maxRecordBytes()) {
            return Decision.deny(Decision.Denial.TOO_LARGE, "RECORD_TOO_LARGE", "The record is "
                    + facts.payloadBytes() + " bytes; the policy allows at most " + effective.maxRecordBytes() + ".");
        }
        if (PolicyModel.confinedByNamespacePrefixes(action) && facts.namespace() != null
                && !effective.namespacePrefixes().allows(facts.namespace().value())) {
            return Decision.deny(Decision.Denial.POLICY_LIMIT, "NAMESPACE_NOT_ALLOWED", "The policy does not allow "
                    + "changes in namespace '" + facts.namespace() + "' (" + action.wireName() + ").");
        }
        if (action == Action.RECORD_DELETE && !effective.recordDeletion()) {
            return Decision.deny(Decision.Denial.POLICY_LIMIT, "RECORD_DELETION_DISABLED",
                    "The policy does not allow deleting records.");
        }
        if (action == Action.NAMESPACE_CREATE && facts.namespaceCount() >= effective.maxNamespaces()) {
            return Decision.deny(Decision.Denial.POLICY_LIMIT, "NAMESPACE_LIMIT_REACHED", "The tenant holds "
                    + facts.namespaceCount() + " namespaces; the policy allows at most " + effective.maxNamespaces() + ".");
        }
        return Decision.allow("ROLE_ALLOWS_ACTION");
    }

    private static boolean roleAllows(TenantContext tenant, Action action, PolicySettings effective) {
        if (tenant.roles().isEmpty()) {
            return false;
        }
        if (action.configurable()) {
            return effective.allows(tenant.roles(), action);
        }
        return action != Action.POLICY_PUT || tenant.roles().contains(TenantRole.ADMIN);
    }
}
