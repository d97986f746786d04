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
        BLOCK
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
