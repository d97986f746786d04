package com.execalc.governance;

import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantRole;


/**
 * The one engine that decides every tenant request before any data is touched, against that tenant's effective policy:
 * may the caller's role take the action, is the payload within size, may this namespace be changed (its prefixes
 * confine every change: {@link PolicyModel#confinedByNamespacePrefixes}), may records be deleted, is there room for
 * another namespace, may this subject review this execution (pending, not its runner, not reviewed by it before)?
 * Only the request pipeline asks it, once per request, and an allowed request gets a
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
        if (action == Action.EXECUTION_REVIEW) {
            Decision review = decideReview(tenant, facts.review());
            if (!review.allowed()) {
                return review;
            }
        }
        if (action == Action.NAMESPACE_CREATE && facts.namespaceCount() >= effective.maxNamespaces()) {
            return Decision.deny(Decision.Denial.POLICY_LIMIT, "NAMESPACE_LIMIT_REACHED", "The tenant holds "
                    + facts.namespaceCount() + " namespaces; the policy allows at most " + effective.maxNamespaces() + ".");
        }
        return Decision.allow("ROLE_ALLOWS_ACTION");
    }

    /**
     * The global invariants of review, which no tenant policy can loosen: only a pending execution is reviewed, never
     * by its runner, and each reviewer counts once. A review without its facts is denied: it was never read.
     */
    private static Decision decideReview(TenantContext tenant, ReviewFacts review) {
        if (review == null || !review.pending()) {
            return Decision.deny(Decision.Denial.NOT_PENDING_REVIEW, "NOT_PENDING_REVIEW", "The execution is "
                    + (review == null ? "not known" : review.status()) + ", not waiting for review (ESCALATE).");
        }
        if (review.runBy().equals(tenant.subject())) {
            return Decision.deny(Decision.Denial.SELF_REVIEW, "SELF_REVIEW",
                    "You ran this execution; someone else must review it.");
        }
        if (review.reviewers().contains(tenant.subject())) {
            return Decision.deny(Decision.Denial.ALREADY_REVIEWED, "ALREADY_REVIEWED",
                    "You reviewed this execution already; each reviewer counts once.");
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
