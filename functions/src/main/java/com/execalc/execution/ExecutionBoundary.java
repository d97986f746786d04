package com.execalc.execution;

import com.execalc.governance.PolicySettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The execution boundary: whether a decision may be acted on, checked in a fixed order against the tenant's effective
 * policy.
 */
public final class ExecutionBoundary {

    /** What the boundary decided. */
    public enum Status {
        /** Within every bound: may be acted on. */
        ALLOW,
        /** Ranked, but at or above the escalation risk: a person must review it first. */
        ESCALATE,
        /** Options lack scores: complete the model and run it again. No ranking. */
        RECOMPUTE,
        /** Expired, or beyond a governance limit: may not be acted on. No ranking. */
        BLOCK,
        /** An ESCALATE its quorum approved, which passed the re-check at approval: may be acted on. */
        APPROVED,
        /** An ESCALATE a reviewer rejected: may not be acted on. Final. */
        REJECTED
    }

    /**
     * The boundary's verdict.
     *
     * @param status  the status
     * @param reasons stable reason codes, in check order
     */
    public record Verdict(Status status, List<String> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }

        /** Whether the execution gets a ranking. */
        public boolean ranked() {
            return status == Status.ALLOW || status == Status.ESCALATE;
        }
    }

    private ExecutionBoundary() {
    }

    /**
     * The re-check when an approval would complete an escalated execution's quorum, against the policy of that moment:
     * expired → BLOCK ({@code EXPIRED}); more options or criteria than the current effective policy allows → BLOCK;
     * the tenant's policy is not at the version the execution ran under → RECOMPUTE ({@code POLICY_CHANGED}: a
     * governed decision is never approved under a policy it was not evaluated against); otherwise APPROVED.
     *
     * @param currentPolicyVersion the version of the tenant policy that {@code effective} was computed from
     */
    public static Verdict recheck(Execution.Evaluation evaluated, PolicySettings effective, long currentPolicyVersion,
                                  Instant now) {
        if (evaluated.expiresAt() != null && !evaluated.expiresAt().isAfter(now)) {
            return new Verdict(Status.BLOCK, List.of("EXPIRED"));
        }
        List<String> limits = new ArrayList<>();
        if (evaluated.options() > effective.maxOptions()) {
            limits.add("TOO_MANY_OPTIONS");
        }
        if (evaluated.criteria() > effective.maxCriteria()) {
            limits.add("TOO_MANY_CRITERIA");
        }
        if (!limits.isEmpty()) {
            return new Verdict(Status.BLOCK, limits);
        }
        if (evaluated.policyVersion() != currentPolicyVersion) {
            return new Verdict(Status.RECOMPUTE, List.of("POLICY_CHANGED"));
        }
        return new Verdict(Status.APPROVED, List.of("QUORUM_APPROVED"));
    }

    public static Verdict check(DecisionModel model, PolicySettings effective, Instant now) {
        if (model.expiresAt() != null && !model.expiresAt().isAfter(now)) {
            return new Verdict(Status.BLOCK, List.of("MODEL_EXPIRED"));
        }
        List<String> limits = new ArrayList<>();
        if (model.options().size() > effective.maxOptions()) {
            limits.add("TOO_MANY_OPTIONS");
        }
        if (model.criteria().size() > effective.maxCriteria()) {
            limits.add("TOO_MANY_CRITERIA");
        }
        if (!limits.isEmpty()) {
            return new Verdict(Status.BLOCK, limits);
        }
        boolean missing = model.options().stream().anyMatch(option -> model.criteria().stream()
                .anyMatch(criterion -> !option.scores().containsKey(criterion.name())));
        if (missing) {
            return new Verdict(Status.RECOMPUTE, List.of("MISSING_SCORES"));
        }
        if (model.riskPosture().atOrAbove(effective.escalateAtRisk())) {
            return new Verdict(Status.ESCALATE, List.of("RISK_REQUIRES_REVIEW"));
        }
        return new Verdict(Status.ALLOW, List.of("WITHIN_BOUNDARY"));
    }
}
